/**
 * Room persistence in the database: an append-only log of updates (who, when, bytes) plus
 * snapshots that only speed up loading. The log is never rewritten or pruned.
 */
import { createHash } from 'node:crypto';
import * as Y from 'yjs';
import type { Db } from '../db/connect.ts';

export type PendingUpdate = { data: Uint8Array; userId: string | null; at: number };

export type RoomStore = {
  /** Every stored update of the room merged (snapshot + the log after it); null when empty. */
  load(room: string): Promise<{ state: Uint8Array | null; lastId: number; updatesAfterSnapshot: number }>;
  /** Appends in order (an update already stored, by this or another instance, is skipped); resolves
   * with the id of the last row inserted, or 0 when every update was already there. */
  append(room: string, updates: PendingUpdate[]): Promise<number>;
  snapshot(room: string, state: Uint8Array, upTo: number): Promise<void>;
};

const asBuffer = (u8: Uint8Array) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
const BATCH = 500;

export function createRoomStore(db: Db): RoomStore {
  return {
    async load(room) {
      const snapshot = await db
        .selectFrom('collab_snapshots')
        .select(['up_to', 'data'])
        .where('room', '=', room)
        .orderBy('up_to', 'desc')
        .limit(1)
        .executeTakeFirst();
      const upTo = snapshot ? Number(snapshot.up_to) : 0;
      const rows = await db
        .selectFrom('collab_updates')
        .select(['id', 'data'])
        .where('room', '=', room)
        .where('id', '>', upTo)
        .orderBy('id')
        .execute();
      const parts = [...(snapshot ? [snapshot.data] : []), ...rows.map((r) => r.data)].map(
        (d) => new Uint8Array(d)
      );
      return {
        state:
          parts.length === 0 ? null : parts.length === 1 ? (parts[0] as Uint8Array) : Y.mergeUpdates(parts),
        lastId: rows.length ? Number(rows.at(-1)?.id) : upTo,
        updatesAfterSnapshot: rows.length
      };
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
    }
  };
}

/** Every room that has a log, for rebuilding projections. */
export async function roomsInLog(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('collab_updates').select('room').distinct().orderBy('room').execute();
  return rows.map((r) => r.room);
}
