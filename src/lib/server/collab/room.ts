/**
 * One live room: its Yjs document, awareness, connections, and the queue of updates not yet stored.
 *
 * Invariants:
 * - The document is fully loaded from the store before any client is answered (`ready`).
 * - Every update applied by a client is queued with its author and stored within FLUSH_MS; a store
 *   that fails is retried and its updates are kept, never dropped.
 * - A room unloads only when it has no connection *and* nothing left to store.
 */
import * as Y from 'yjs';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import type { PendingUpdate, RoomStore } from './store.ts';

export const FLUSH_MS = 250;
const FLUSH_BATCH = 200;
const SNAPSHOT_EVERY = 1000;
const RETRY_MS = 1000;

/**
 * A transaction's origin when a user caused it (a client, a server-side edit, or another instance:
 * `remote`). `store: false` marks content another instance holds and stores (a sync reply).
 */
export type UpdateOrigin = { userId: string | null; remote?: boolean; store?: boolean };

export type Room = {
  name: string;
  doc: Y.Doc;
  awareness: Awareness;
  ready: Promise<void>;
  connections: Set<unknown>;
  /** Stores everything queued; resolves when the queue is empty. */
  flush(): Promise<void>;
  /** Nothing queued and no store running. */
  idle(): boolean;
  /** The authors of updates applied here and not stored yet (queued, or being stored). */
  unstoredAuthors(): string[];
  destroy(): void;
};

export function createRoom(
  name: string,
  store: RoomStore,
  hooks: {
    onStored?: (room: Room) => void;
    onUpdate?: (update: Uint8Array, origin: unknown, transaction: Y.Transaction) => void;
    /** Runs after the stored state is applied and before any client is answered. */
    afterLoad?: (room: Room) => Promise<void>;
  }
): Room {
  const doc = new Y.Doc({ gc: true });
  const awareness = new Awareness(doc);
  awareness.setLocalState(null); // the server has no presence of its own
  const queue: PendingUpdate[] = [];
  let flushing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let sinceSnapshot = 0;
  let destroyed = false;

  const room: Room = {
    name,
    doc,
    awareness,
    connections: new Set(),
    ready: Promise.resolve(), // replaced below, once `room` exists for the afterLoad hook
    flush,
    idle: () => queue.length === 0 && flushing === null,
    // A batch leaves the queue only once stored, so the queue also covers a store in progress.
    unstoredAuthors: () => [...new Set(queue.flatMap((u) => (u.userId ? [u.userId] : [])))],
    destroy() {
      destroyed = true;
      if (timer) clearTimeout(timer);
      removeAwarenessStates(awareness, [...awareness.getStates().keys()], 'unload');
      awareness.destroy();
      doc.destroy();
    }
  };

  room.ready = (async () => {
    const loaded = await store.load(name);
    sinceSnapshot = loaded.updatesAfterSnapshot;
    if (loaded.state) Y.applyUpdate(doc, loaded.state, 'load');
    await hooks.afterLoad?.(room);
  })();

  doc.on('update', (update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    if (origin === 'load') return;
    hooks.onUpdate?.(update, origin, transaction);
    if ((origin as UpdateOrigin | null)?.store === false) return;
    const userId = (origin as UpdateOrigin | null)?.userId ?? null;
    queue.push({ data: update, userId, at: Date.now() });
    if (queue.length >= FLUSH_BATCH) void flush();
    else timer ??= setTimeout(() => void flush(), FLUSH_MS);
  });

  async function drain(): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.slice(0, 2000);
      try {
        const lastId = await store.append(name, batch);
        // Remove only after the store succeeded: a failed append keeps the updates for the retry.
        queue.splice(0, batch.length);
        sinceSnapshot += batch.length;
        // Only when everything the document holds is in the log: encoded synchronously, right after
        // the queue emptied, so the snapshot can never hold an update the log lacks (a crash before
        // that update's append would otherwise lose it from the log and its author with it).
        if (sinceSnapshot >= SNAPSHOT_EVERY && queue.length === 0 && lastId > 0 && !destroyed) {
          const state = Y.encodeStateAsUpdate(doc);
          sinceSnapshot = 0;
          await store.snapshot(name, state, lastId);
        }
      } catch (err) {
        console.error(
          `[collab] ${name}: storing ${batch.length} update(s) failed, retrying:`,
          (err as Error).message
        );
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  function flush(): Promise<void> {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    // One drain at a time: a flush requested while one runs waits for it and drains what came since.
    flushing ??= drain().finally(() => {
      flushing = null;
      hooks.onStored?.(room);
    });
    return flushing.then(() => (queue.length > 0 ? flush() : undefined));
  }

  return room;
}
