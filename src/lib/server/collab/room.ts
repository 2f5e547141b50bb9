/**
 * One live room: its Yjs document, awareness, connections, and the queue of updates not yet stored.
 *
 * Invariants:
 * - The document is fully loaded from the store before any client is answered (`ready`); the load
 *   yields to the event loop between slices, so a large room does not stall other requests.
 * - Every update applied by a client is queued with its author and stored within FLUSH_MS; a store
 *   that fails is retried and its updates are kept, never dropped.
 * - `whenStored()` resolves once everything applied so far is in the log: the receipt a client
 *   takes as "received" waits for it.
 * - Past `compactBytes` of log since the last snapshot, a snapshot is added beside the log (never
 *   replacing it); the log's total size is tracked for the hard cap.
 * - A room unloads only when it has no connection *and* nothing left to store.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import * as Y from 'yjs';
import { Awareness, removeAwarenessStates } from 'y-protocols/awareness';
import { LOADING, UNLOADING, authorOf, storedHere, updateOrigin, type UpdateOrigin } from './origins.ts';
import type { PendingUpdate, RoomStore } from './store.ts';

export const FLUSH_MS = 250;
const FLUSH_BATCH = 200;
const SNAPSHOT_EVERY = 1000;
const RETRY_MS = 1000;
/** Applied in one go while loading, between two turns of the event loop. */
const LOAD_SLICE_BYTES = 1024 * 1024;

export type Room = {
  name: string;
  doc: Y.Doc;
  awareness: Awareness;
  ready: Promise<void>;
  connections: Set<unknown>;
  /** Bytes in the room's log, stored or queued. */
  logBytes(): number;
  /** Stores everything queued; resolves when the queue is empty. */
  flush(): Promise<void>;
  /** Null when everything applied is stored; else a promise for that (a store is started now). */
  whenStored(): Promise<void> | null;
  /** Nothing queued and no store running. */
  idle(): boolean;
  /** The authors of updates applied here and not stored yet (queued, or being stored). */
  unstoredAuthors(): string[];
  destroy(): void;
};

export type RoomEvents = {
  onChange(room: Room, update: Uint8Array, origin: UpdateOrigin, transaction: Y.Transaction): void;
  /** After a store (successful or not) finished. */
  afterStore(room: Room): void;
  /** Runs after the stored state is applied and before any client is answered. */
  onLoad(room: Room): Promise<void>;
};

export function createRoom(
  name: string,
  store: RoomStore,
  events: RoomEvents,
  limits: { compactBytes: number }
): Room {
  const doc = new Y.Doc({ gc: true });
  const awareness = new Awareness(doc);
  awareness.setLocalState(null); // the server has no presence of its own
  const queue: PendingUpdate[] = [];
  let flushing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let sinceSnapshot = { count: 0, bytes: 0 };
  let logBytes = 0;
  /** Updates queued and stored since the room opened: a receipt waits until stored ≥ queued. */
  let queued = 0;
  let stored = 0;
  const receipts: Array<{ upTo: number; resolve(): void }> = [];
  let destroyed = false;

  const room: Room = {
    name,
    doc,
    awareness,
    connections: new Set(),
    ready: Promise.resolve(), // replaced below, once `room` exists for the onLoad event
    logBytes: () => logBytes,
    flush,
    whenStored() {
      if (stored >= queued) return null;
      const upTo = queued;
      const receipt = new Promise<void>((resolve) => receipts.push({ upTo, resolve }));
      void flush();
      return receipt;
    },
    idle: () => queue.length === 0 && flushing === null,
    // A batch leaves the queue only once stored, so the queue also covers a store in progress.
    unstoredAuthors: () => [...new Set(queue.flatMap((u) => (u.userId ? [u.userId] : [])))],
    destroy() {
      destroyed = true;
      if (timer) clearTimeout(timer);
      removeAwarenessStates(awareness, [...awareness.getStates().keys()], UNLOADING);
      awareness.destroy();
      doc.destroy();
    }
  };

  room.ready = (async () => {
    const loaded = await store.load(name, async (updates) => {
      for (let i = 0; i < updates.length;) {
        let bytes = 0;
        doc.transact(() => {
          for (; i < updates.length && bytes < LOAD_SLICE_BYTES; i++) {
            const update = updates[i] as Uint8Array;
            bytes += update.byteLength;
            Y.applyUpdate(doc, update, LOADING);
          }
        }, LOADING);
        await yieldToEventLoop();
      }
    });
    sinceSnapshot = { count: loaded.updatesAfterSnapshot, bytes: loaded.bytesAfterSnapshot };
    logBytes = await store.logBytes(name);
    await events.onLoad(room);
  })();

  doc.on('update', (update: Uint8Array, rawOrigin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    const origin = updateOrigin(rawOrigin);
    if (origin.kind === 'load') return;
    events.onChange(room, update, origin, transaction);
    if (!storedHere(origin)) return;
    queue.push({ data: update, userId: authorOf(origin), at: Date.now() });
    queued += 1;
    logBytes += update.byteLength;
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
        stored += batch.length;
        for (const r of receipts.filter((r) => r.upTo <= stored)) {
          receipts.splice(receipts.indexOf(r), 1);
          r.resolve();
        }
        sinceSnapshot.count += batch.length;
        sinceSnapshot.bytes += batch.reduce((sum, u) => sum + u.data.byteLength, 0);
        // Only when everything the document holds is in the log: encoded synchronously, right after
        // the queue emptied, so the snapshot can never hold an update the log lacks (a crash before
        // that update's append would otherwise lose it from the log and its author with it).
        const due = sinceSnapshot.count >= SNAPSHOT_EVERY || sinceSnapshot.bytes >= limits.compactBytes;
        if (due && queue.length === 0 && lastId > 0 && !destroyed) {
          const state = Y.encodeStateAsUpdate(doc);
          sinceSnapshot = { count: 0, bytes: 0 };
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
      events.afterStore(room);
    });
    return flushing.then(() => (queue.length > 0 ? flush() : undefined));
  }

  return room;
}
