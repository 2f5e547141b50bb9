/**
 * Past states of a room, rebuilt from its update log: the log is append-only and never rewritten,
 * so replaying it in order into a fresh document reaches every state the room ever had, and the
 * log's sender (never a field a client wrote) says who made each change. Snapshots only speed up
 * loading and are not used here.
 *
 * Bounded: a replay reads at most MAX_REPLAY updates and says when it stopped there.
 */
import type { Db } from '../db/connect.ts';

export const MAX_REPLAY = 20_000;

export type LoggedUpdate = { at: number; userId: string | null; data: Uint8Array };
export type Log = { updates: LoggedUpdate[]; truncated: boolean };

/** The room's updates in log order, those stored at or before `until` (epoch ms) when given. */
export async function readLog(db: Db, room: string, until?: number): Promise<Log> {
  let query = db
    .selectFrom('collab_updates')
    .select(['at', 'user_id', 'data'])
    .where('room', '=', room)
    .orderBy('id')
    .limit(MAX_REPLAY + 1);
  if (until !== undefined) query = query.where('at', '<=', until);
  const rows = await query.execute();
  return {
    updates: rows.slice(0, MAX_REPLAY).map((r) => ({
      at: Number(r.at),
      userId: r.user_id,
      data: new Uint8Array(r.data)
    })),
    truncated: rows.length > MAX_REPLAY
  };
}

/** Display names of the given users (unknown ids are left out). */
export async function userNames(db: Db, ids: Iterable<string | null>): Promise<Map<string, string>> {
  const wanted = [...new Set([...ids].filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
