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
import {
  LOADING,
  PEER_SYNC,
  UNLOADING,
  authorOf,
  storedHere,
  updateOrigin,
  type UpdateOrigin
} from './origins.ts';
import type { PendingUpdate, RoomStore } from './store.ts';

export const FLUSH_MS = 250;
const FLUSH_BATCH = 200;
const SNAPSHOT_EVERY = 1000;
const RETRY_MS = 1000;
/** Applied in one go while loading, between two turns of the event loop. */
const LOAD_SLICE_BYTES = 1024 * 1024;

export type RoomEvents = {
  onChange(room: Room, update: Uint8Array, origin: UpdateOrigin, transaction: Y.Transaction): void;
  /** Every change of the room's presence, with the awareness event's origin. */
  onAwareness(room: Room, changed: number[], origin: unknown): void;
  /** After a store (successful or not) finished. */
  afterStore(room: Room): void;
  /** Runs after the stored state is applied and before any client is answered. */
  onLoad(room: Room): Promise<void>;
};

type AwarenessChanges = { added: number[]; updated: number[]; removed: number[] };

/**
 * A room's state lives in fields and its behaviour in shared methods, not in closures made per room:
 * a server holds hundreds of rooms open, and each closure (with its context) was paid per room.
 * `events` and `limits` are the server's, shared by all its rooms.
 */
export class Room {
  readonly name: string;
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: Awareness;
  readonly connections = new Set<unknown>();
  readonly ready: Promise<void>;
  readonly #store: RoomStore;
  readonly #events: RoomEvents;
  readonly #limits: { compactBytes: number };
  /** Applied and not stored yet, in order, with their authors; a batch leaves only once stored. */
  readonly #queue: PendingUpdate[] = [];
  #flushing: Promise<void> | null = null;
  #timer: NodeJS.Timeout | null = null;
  #sinceSnapshotCount = 0;
  #sinceSnapshotBytes = 0;
  #logBytes = 0;
  /** Updates queued and stored since the room opened: a receipt waits until stored ≥ queued. */
  #queued = 0;
  #stored = 0;
  /** Receipts waiting for a store; made on the first one (most rooms never wait for a receipt). */
  #receipts: Array<{ upTo: number; resolve(): void }> | null = null;
  #destroyed = false;
  /** The last row of the log this room has read (loaded or caught up); its own appends do not move it. */
  #logCursor = 0;
  /** The catch-up running, if any: they run one after another (made on the first; most rooms have none). */
  #catchingUp: Promise<void> | null = null;

  constructor(name: string, store: RoomStore, events: RoomEvents, limits: { compactBytes: number }) {
    this.name = name;
    this.#store = store;
    this.#events = events;
    this.#limits = limits;
    this.awareness = new Awareness(this.doc);
    this.awareness.setLocalState(null); // the server has no presence of its own
    this.ready = this.#load();
    this.doc.on('update', this.#onUpdate);
    this.awareness.on('update', this.#onAwareness);
  }

  /** Bytes in the room's log, stored or queued. */
  logBytes(): number {
    return this.#logBytes;
  }

  /** Null when everything applied is stored; else a promise for that (a store is started now). */
  whenStored(): Promise<void> | null {
    if (this.#stored >= this.#queued) return null;
    const upTo = this.#queued;
    const receipts = (this.#receipts ??= []);
    const receipt = new Promise<void>((resolve) => receipts.push({ upTo, resolve }));
    void this.flush();
    return receipt;
  }

  /** Nothing queued and no store running. */
  idle(): boolean {
    return this.#queue.length === 0 && this.#flushing === null;
  }

  /** The authors of updates applied here and not stored yet (queued, or being stored). */
  unstoredAuthors(): string[] {
    // A batch leaves the queue only once stored, so the queue also covers a store in progress.
    return [...new Set(this.#queue.flatMap((u) => (u.userId ? [u.userId] : [])))];
  }

  /** Stores everything queued; resolves when the queue is empty. */
  flush(): Promise<void> {
    if (this.#timer) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
    // One drain at a time: a flush requested while one runs waits for it and drains what came since.
    this.#flushing ??= this.#drain().finally(() => {
      this.#flushing = null;
      this.#events.afterStore(this);
    });
    return this.#flushing.then(() => (this.#queue.length > 0 ? this.flush() : undefined));
  }

  /**
   * Applies what the log holds past this room's cursor: rows other processes stored that this room
   * never received live (their room unloaded before answering ours; collab/fanout-extension.ts).
   * Not stored again (it is in the log); relayed to this room's clients and projected.
   */
  catchUp(): Promise<void> {
    const run = async () => {
      if (this.#destroyed) return;
      this.#logCursor = await this.#store.readAfter(this.name, this.#logCursor, async (updates) => {
        if (this.#destroyed) return;
        this.doc.transact(() => {
          for (const update of updates) Y.applyUpdate(this.doc, update, PEER_SYNC);
        }, PEER_SYNC);
        // Its own appends since it loaded come back too: a long-lived room reads many slices.
        await yieldToEventLoop();
      });
    };
    const next = (this.#catchingUp ?? Promise.resolve()).then(run);
    this.#catchingUp = next.catch((err: unknown) =>
      console.error(`[collab] ${this.name}: reading the log back failed:`, (err as Error).message)
    );
    return next;
  }

  destroy(): void {
    this.#destroyed = true;
    if (this.#timer) clearTimeout(this.#timer);
    const awareness = this.awareness;
    removeAwarenessStates(awareness, [...awareness.getStates().keys()], UNLOADING);
    awareness.destroy();
    this.doc.destroy();
  }

  async #load(): Promise<void> {
    const doc = this.doc;
    const loaded = await this.#store.load(this.name, async (updates) => {
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
    this.#logCursor = loaded.lastId;
    this.#sinceSnapshotCount = loaded.updatesAfterSnapshot;
    this.#sinceSnapshotBytes = loaded.bytesAfterSnapshot;
    this.#logBytes = await this.#store.logBytes(this.name);
    await this.#events.onLoad(this);
  }

  // One listener per room for each of the document and its presence (arrow fields: the observers
  // are called without `this`).
  readonly #onUpdate = (update: Uint8Array, rawOrigin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
    const origin = updateOrigin(rawOrigin);
    if (origin.kind === 'load') return;
    this.#events.onChange(this, update, origin, transaction);
    if (!storedHere(origin)) return;
    this.#queue.push({ data: update, userId: authorOf(origin), at: Date.now() });
    this.#queued += 1;
    this.#logBytes += update.byteLength;
    if (this.#queue.length >= FLUSH_BATCH) void this.flush();
    else this.#timer ??= setTimeout(flushRoom, FLUSH_MS, this);
  };

  readonly #onAwareness = ({ added, updated, removed }: AwarenessChanges, origin: unknown) => {
    this.#events.onAwareness(this, [...(added ?? []), ...(updated ?? []), ...(removed ?? [])], origin);
  };

  async #drain(): Promise<void> {
    const queue = this.#queue;
    while (queue.length > 0) {
      const batch = queue.slice(0, 2000);
      try {
        const lastId = await this.#store.append(this.name, batch);
        // Remove only after the store succeeded: a failed append keeps the updates for the retry.
        queue.splice(0, batch.length);
        this.#stored += batch.length;
        this.#resolveReceipts();
        this.#sinceSnapshotCount += batch.length;
        this.#sinceSnapshotBytes += batch.reduce((sum, u) => sum + u.data.byteLength, 0);
        // Only when everything the document holds is in the log: encoded synchronously, right after
        // the queue emptied, so the snapshot can never hold an update the log lacks (a crash before
        // that update's append would otherwise lose it from the log and its author with it).
        const due =
          this.#sinceSnapshotCount >= SNAPSHOT_EVERY || this.#sinceSnapshotBytes >= this.#limits.compactBytes;
        if (due && queue.length === 0 && lastId > 0 && !this.#destroyed) {
          const state = Y.encodeStateAsUpdate(this.doc);
          this.#sinceSnapshotCount = 0;
          this.#sinceSnapshotBytes = 0;
          await this.#store.snapshot(this.name, state, lastId);
        }
      } catch (err) {
        console.error(
          `[collab] ${this.name}: storing ${batch.length} update(s) failed, retrying:`,
          (err as Error).message
        );
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  #resolveReceipts(): void {
    const receipts = this.#receipts;
    if (!receipts) return;
    for (const r of receipts.filter((r) => r.upTo <= this.#stored)) {
      receipts.splice(receipts.indexOf(r), 1);
      r.resolve();
    }
  }
}

function flushRoom(room: Room): void {
  void room.flush();
}

export function createRoom(
  name: string,
  store: RoomStore,
  events: RoomEvents,
  limits: { compactBytes: number }
): Room {
  return new Room(name, store, events, limits);
}
