/**
 * The annotation layer as it was at a past moment: the room's log replayed up to that time.
 */
import * as Y from 'yjs';
import type { Db } from '../db/connect.ts';
import { readLog } from './replay.ts';

/** ISO-8601 date and time with a zone (`Z` or ±hh:mm), seconds and milliseconds optional. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Epoch milliseconds of an ISO-8601 time, or null when it is not one. */
export function parseMoment(text: string): number | null {
  if (!ISO_TIME.test(text)) return null;
  const at = Date.parse(text);
  return Number.isFinite(at) ? at : null;
}

/** The room's document at `at` (epoch ms); `truncated` when the replay stopped at its bound. */
export async function documentAt(
  db: Db,
  room: string,
  at: number
): Promise<{ doc: Y.Doc; truncated: boolean }> {
  const log = await readLog(db, room, at);
  const doc = new Y.Doc();
  doc.transact(() => {
    for (const update of log.updates) Y.applyUpdate(doc, update.data);
  });
  return { doc, truncated: log.truncated };
}

/** The moments the room changed, newest first: what a version list offers. */
export async function changeMoments(
  db: Db,
  room: string,
  limit = 200
): Promise<Array<{ at: number; userId: string | null }>> {
  const rows = await db
    .selectFrom('collab_updates')
    .select(['at', 'user_id'])
    .where('room', '=', room)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ at: Number(r.at), userId: r.user_id }));
}
