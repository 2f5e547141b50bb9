/**
 * The browser's side of an item's shared room (`/collab/item/<itemId>`): one Y.Doc, the stock
 * y-websocket provider (the session cookie and our Origin authenticate the upgrade), and the
 * connection state as runes. Nothing is stored in the browser: an unsent change lives as long as
 * the tab, and the provider re-sends it on reconnection.
 */
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { itemRoom } from '$lib/model/rooms';

export type ConnectionStatus = 'connecting' | 'connected' | 'disconnected';

export class ItemRoom {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  status = $state<ConnectionStatus>('connecting');
  /** True once the first sync with the server is complete (stays true across reconnections). */
  synced = $state(false);
  #destroyed = false;

  constructor(itemId: string) {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    this.provider = new WebsocketProvider(`${scheme}://${location.host}/collab`, itemRoom(itemId), this.doc, {
      // Each tab talks to the server: what a page shows has been through the server (or is its own).
      disableBc: true,
      maxBackoffTime: 5000
    });
    this.provider.on('status', ({ status }) => (this.status = status));
    this.provider.on('sync', (isSynced: boolean) => {
      if (isSynced) this.synced = true;
    });
  }

  destroy(): void {
    // Idempotent: a component may be torn down twice (navigation during an error).
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.provider.awareness.setLocalState(null);
    this.provider.destroy();
    this.doc.destroy();
  }
}
