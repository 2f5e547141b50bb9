/**
 * Room persistence in the database: an append-only log of updates (who, when, bytes) plus
 * snapshots that only speed up loading. The log is never rewritten or pruned: a snapshot is taken
 * beside it (snapshot + the updates after it load the room; the older updates stay as history).
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import * as Y from 'yjs';
import type { Db } from '../db/connect.ts';

export type PendingUpdate = { data: Uint8Array; userId: string | null; at: number };

/** What a load found: the newest snapshot's id, the last log row, and the log after the snapshot. */
export type Loaded = { lastId: number; updatesAfterSnapshot: number; bytesAfterSnapshot: number };

export type RoomStore = {
  /**
   * Hands the room's stored state to `apply` in slices (the newest snapshot, then the log after it,
   * SLICE rows at a time), awaiting each: a caller that yields between slices keeps a large room
   * from blocking the event loop while it loads.
   */
  load(room: string, apply: (updates: Uint8Array[]) => Promise<void> | void): Promise<Loaded>;
  /**
   * Hands the log's rows after the row `afterId` to `apply`, in order, SLICE rows at a time, awaiting
   * each; resolves with the id of the last row handed (`afterId` when there was none).
   */
  readAfter(
    room: string,
    afterId: number,
    apply: (updates: Uint8Array[]) => Promise<void> | void
  ): Promise<number>;
  /** Appends in order (an update already stored, by this or another instance, is skipped); resolves
   * with the id of the last row inserted, or 0 when every update was already there. */
  append(room: string, updates: PendingUpdate[]): Promise<number>;
  snapshot(room: string, state: Uint8Array, upTo: number): Promise<void>;
  /** Bytes in the room's whole log (the hard cap counts them). */
  logBytes(room: string): Promise<number>;
};

const asBuffer = (u8: Uint8Array) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
const BATCH = 500;
const SLICE = 200;

export function createRoomStore(db: Db): RoomStore {
  const store: RoomStore = {
    async load(room, apply) {
      const snapshot = await db
        .selectFrom('collab_snapshots')
        .select(['up_to', 'data'])
        .where('room', '=', room)
        .orderBy('up_to', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (snapshot) await apply([new Uint8Array(snapshot.data)]);
      let count = 0;
      let bytes = 0;
      const lastId = await store.readAfter(room, snapshot ? Number(snapshot.up_to) : 0, async (slice) => {
        await apply(slice);
        count += slice.length;
        bytes += slice.reduce((sum, u) => sum + u.byteLength, 0);
      });
      return { lastId, updatesAfterSnapshot: count, bytesAfterSnapshot: bytes };
    },
    async readAfter(room, afterId, apply) {
      let lastId = afterId;
      for await (const rows of logSlices(db, room, afterId, SLICE)) {
        await apply(rows.map((r) => new Uint8Array(r.data)));
        lastId = Number(rows.at(-1)?.id);
      }
      return lastId;
    },
    async append(room, updates) {
      let last = 0;
      for (let i = 0; i < updates.length; i += BATCH) {
        const rows = updates.slice(i, i + BATCH).map((u) => ({
          room,
          user_id: u.userId,
          at: u.at,
          data: asBuffer(u.data),
          digest: createHash('sha256').update(u.data).digest('hex')
        }));
        const inserted = await db
          .insertInto('collab_updates')
          .values(rows)
          .onConflict((oc) => oc.columns(['room', 'digest']).doNothing())
          .returning('id')
          .execute();
        last = Math.max(last, ...inserted.map((r) => Number(r.id)));
      }
      return last;
    },
    async snapshot(room, state, upTo) {
      await db
        .insertInto('collab_snapshots')
        .values({ room, up_to: upTo, at: Date.now(), data: asBuffer(state) })
        .onConflict((oc) => oc.columns(['room', 'up_to']).doNothing())
        .execute();
    },
    async logBytes(room) {
      // length() of a blob (SQLite) and of a bytea (PostgreSQL) both count bytes.
      const row = await db
        .selectFrom('collab_updates')
        .select(sql<string | number | null>`sum(length(data))`.as('bytes'))
        .where('room', '=', room)
        .executeTakeFirst();
      return Number(row?.bytes ?? 0);
    }
  };
  return store;
}

/** A room's stored document, loaded without a live room (reads, rebuilds). */
export async function loadDoc(store: RoomStore, room: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  await store.load(room, (updates) => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  return doc;
}

/** The room's log after the row `afterId`, in order, `size` rows at a time. */
async function* logSlices(db: Db, room: string, afterId: number, size: number) {
  for (let lastId = afterId; ;) {
    const rows = await db
      .selectFrom('collab_updates')
      .select(['id', 'data'])
      .where('room', '=', room)
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(size)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    lastId = Number(rows.at(-1)?.id);
  }
}

/** A room's document from its update log alone, snapshots not trusted (rebuilds). */
export async function replayLog(db: Db, room: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for await (const rows of logSlices(db, room, 0, 5000))
    doc.transact(() => {
      for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
    });
  return doc;
}

/** Every room that has a log, for rebuilding projections. */
export async function roomsInLog(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('collab_updates').select('room').distinct().orderBy('room').execute();
  return rows.map((r) => r.room);
}
