/**
 * A room's annotations as reactive plain records, refreshed on every document change. Until the
 * room has synced, the records the page was served (`initial`) stand in for the document's.
 */
import { annotationsOf, readAnnotations, type AnnotationRecord } from '$lib/model/document-schema';
import type { Room } from './room.svelte';

export class AnnotationList {
  items = $state.raw<AnnotationRecord[]>([]);
  /** Deleted annotations (tombstones), for the "Deleted" section. */
  deleted = $state.raw<AnnotationRecord[]>([]);
  #room: Room;
  #queued = false;
  #destroyed = false;
  #refresh = () => {
    // One read per burst of transactions (a sync can bring hundreds at once).
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (!this.#destroyed) this.#read();
    });
  };
  // A sync that changes nothing in the map (the served records were current) fires no observer.
  #onSync = (isSynced: boolean) => {
    if (isSynced) this.#refresh();
  };

  constructor(room: Room, initial?: AnnotationRecord[]) {
    this.#room = room;
    if (initial) this.items = initial;
    else this.#read();
    annotationsOf(room.doc).observeDeep(this.#refresh);
    room.provider.on('sync', this.#onSync);
  }

  #read(): void {
    const all = readAnnotations(this.#room.doc, { includeDeleted: true });
    this.items = all.filter((a) => !a.deleted);
    this.deleted = all.filter((a) => a.deleted);
  }

  get(id: string | null): AnnotationRecord | undefined {
    return id === null ? undefined : this.items.find((a) => a.id === id);
  }

  destroy(): void {
    this.#destroyed = true;
    this.#room.provider.off('sync', this.#onSync);
    annotationsOf(this.#room.doc).unobserveDeep(this.#refresh);
  }
}
