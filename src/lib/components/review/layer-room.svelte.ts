/**
 * One room read or written by the adjudication page: a Yjs document on the stock y-websocket
 * provider (`/collab/<room>`; the session cookie and our Origin authenticate it), its connection
 * state, and its annotations as plain records, kept current as the document changes. Review layers
 * are opened read-only (the server refuses writes there anyway); the shared layer is written.
 */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { annotationsOf, readAnnotations, type AnnotationRecord } from '$lib/model/document-schema';

export type RoomStatus = 'connecting' | 'connected' | 'disconnected';

export class LayerRoom {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  status = $state<RoomStatus>('connecting');
  synced = $state(false);
  records = $state.raw<AnnotationRecord[]>([]);
  #destroyed = false;
  #onUpdate = () => (this.records = readAnnotations(this.doc));

  constructor(room: string, initial: AnnotationRecord[] = []) {
    this.records = initial;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${scheme}://${location.host}/collab`, room, this.doc, {
      // Each tab talks to the server: what a page shows has been through the server (or is its own).
      disableBc: true,
      maxBackoffTime: 5000
    });
    this.provider.on('status', ({ status }) => (this.status = status));
    this.provider.on('sync', (isSynced: boolean) => {
      if (!isSynced) return;
      this.synced = true;
      this.#onUpdate();
    });
    annotationsOf(this.doc).observeDeep(this.#onUpdate);
  }

  record(id: string): AnnotationRecord | undefined {
    return this.records.find((r) => r.id === id);
  }

  destroy(): void {
    // Idempotent: a page can be torn down twice (navigation during an error).
    if (this.#destroyed) return;
    this.#destroyed = true;
    annotationsOf(this.doc).unobserveDeep(this.#onUpdate);
    this.provider.awareness.setLocalState(null);
    this.provider.destroy();
    this.doc.destroy();
  }
}
