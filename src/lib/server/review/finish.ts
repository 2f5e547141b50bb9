/**
 * Ending and keeping assignments: submit, skip, flag and release end the reviewer's own active
 * assignment (a submitted review keeps its slot, anything else gives it back); renew keeps a lease
 * alive while the reviewer works.
 */
import { sql } from 'kysely';
import type { Db, Dialect } from '../db/connect.ts';

export type Ending = 'submitted' | 'skipped' | 'flagged' | 'released';

/** Ends the user's own active assignment; skipped, flagged and released slots return to the pool. */
export async function finishAssignment(
  db: Db,
  dialect: Dialect,
  assignmentId: string,
  userId: string,
  ending: Ending,
  reason: string | null
): Promise<{ ok: true; queueId: string; itemId: string } | { ok: false; status: 404 | 409 }> {
  if (dialect === 'postgres') {
    // One statement, committed on its own: ending an assignment moves the access epoch, whose row
    // lock a transaction would hold across its next round trips while every claim waits for it.
    // The item's row is locked before the assignment changes (`item` feeds `ended`), the order a
    // claim takes them in: a claim holding the item whose insert waited on this assignment's
    // uncommitted change, while this waited for the item, was a deadlock (a 500 after a second).
    const counter = ending === 'submitted' ? sql`done = qi.done + 1` : sql`live = qi.live - 1`;
    const { rows } = await sql<{ queue_id: string; item_id: string }>`with item as (
        select qi.queue_id, qi.item_id from queue_items qi
        join assignments a on a.queue_id = qi.queue_id and a.item_id = qi.item_id
        where a.id = ${assignmentId} and a.user_id = ${userId} and a.status = 'active'
        for update of qi),
      ended as (
        update assignments a set status = ${ending}, reason = ${reason}, finished_at = ${Date.now()}
        from item
        where a.id = ${assignmentId} and a.user_id = ${userId} and a.status = 'active'
          and a.queue_id = item.queue_id and a.item_id = item.item_id
        returning a.queue_id, a.item_id)
      update queue_items qi set ${counter} from ended
      where qi.queue_id = ended.queue_id and qi.item_id = ended.item_id
      returning ended.queue_id, ended.item_id`.execute(db);
    if (rows[0]) return { ok: true, queueId: rows[0].queue_id, itemId: rows[0].item_id };
    const row = await db
      .selectFrom('assignments')
      .select('status')
      .where('id', '=', assignmentId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return { ok: false, status: row ? 409 : 404 };
  }
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('assignments')
      .selectAll()
      .where('id', '=', assignmentId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row) return { ok: false, status: 404 } as const;
    if (row.status !== 'active') return { ok: false, status: 409 } as const;
    const now = Date.now();
    // Only while still active: on PostgreSQL two finishes at once (a double click, submit racing
    // skip, or the lease sweep) all read the row as active above; without the condition each one
    // changed it and moved the item's counters again (one review counted twice as done).
    const { numUpdatedRows } = await trx
      .updateTable('assignments')
      .set({ status: ending, reason, finished_at: now })
      .where('id', '=', assignmentId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (Number(numUpdatedRows) === 0) return { ok: false, status: 409 } as const;
    // A submitted review keeps its slot; anything else (skip, flag, release) gives it back.
    await trx
      .updateTable('queue_items')
      .set(ending === 'submitted' ? { done: sql<number>`done + 1` } : { live: sql<number>`live - 1` })
      .where('queue_id', '=', row.queue_id)
      .where('item_id', '=', row.item_id)
      .execute();
    return { ok: true, queueId: row.queue_id, itemId: row.item_id } as const;
  });
}

/** Keeps a lease alive while the reviewer works. */
export async function renewLease(db: Db, assignmentId: string, userId: string): Promise<number | null> {
  const row = await db
    .selectFrom('assignments as a')
    .innerJoin('queues as q', 'q.id', 'a.queue_id')
    .select(['a.status', 'a.lease_expires_at', 'q.lease_ms'])
    .where('a.id', '=', assignmentId)
    .where('a.user_id', '=', userId)
    .executeTakeFirst();
  const now = Date.now();
  if (!row || row.status !== 'active' || Number(row.lease_expires_at) < now) return null;
  const until = now + Number(row.lease_ms);
  // Only a lease that still runs: a renew racing the sweep (or a finish) must not answer 200 for
  // an assignment that ended between the read above and this write.
  const { numUpdatedRows } = await db
    .updateTable('assignments')
    .set({ lease_expires_at: until })
    .where('id', '=', assignmentId)
    .where('status', '=', 'active')
    .where('lease_expires_at', '>=', now)
    .executeTakeFirst();
  return Number(numUpdatedRows) === 1 ? until : null;
}
