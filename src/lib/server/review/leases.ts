/**
 * What a claim settles before it takes anything new (review/claims.ts): active assignments past
 * their lease give their slot back, and a reviewer's handed-back assignment (`returned`, a
 * coordinator's hand-back) is reactivated first. Both are rare, so each may cost a statement or a
 * short transaction of its own. Every change locks the item's row first, in the order a claim and a
 * finish take them (item-locks.ts): no deadlock.
 */
import { sql, type Transaction } from 'kysely';
import type { Db, Dialect } from '../db/connect.ts';
import type { AssignmentStatus, Database, QueueState } from '../db/schema.ts';
import type { QueuesTable } from '../db/tables/review.ts';
import type { Claim } from './claims.ts';
import { lockItems } from './item-locks.ts';

type ClaimQueue = Pick<QueuesTable, 'id' | 'reviews_per_item' | 'lease_ms'>;

const LIVE: AssignmentStatus[] = ['active', 'submitted'];

/** Active assignments past their lease give their slot back. */
export async function expireLeases(
  trx: Transaction<Database> | Db,
  dialect: Dialect,
  queueId: string,
  now = Date.now()
): Promise<void> {
  if (dialect === 'postgres') {
    // One statement, so the sweep holds no lock across a round trip. The items' rows are locked
    // first, in one order, as a claim and a finish take them (see finishAssignment): no deadlock.
    await sql`with items as (
        select qi.item_id from queue_items qi
        where qi.queue_id = ${queueId} and qi.item_id in (select l.item_id from assignments l
          where l.queue_id = ${queueId} and l.status = 'active' and l.lease_expires_at < ${now})
        order by qi.item_id
        for update of qi),
      expired as (
        update assignments a set status = 'expired', finished_at = ${now}
        from items
        where a.queue_id = ${queueId} and a.item_id = items.item_id and a.status = 'active'
          and a.lease_expires_at < ${now}
        returning a.item_id)
      update queue_items qi set live = qi.live - e.n
      from (select item_id, count(*) as n from expired group by item_id) e
      where qi.queue_id = ${queueId} and qi.item_id = e.item_id`.execute(trx);
    return;
  }
  const expired = await trx
    .updateTable('assignments')
    .set({ status: 'expired', finished_at: now })
    .where('queue_id', '=', queueId)
    .where('status', '=', 'active')
    .where('lease_expires_at', '<', now)
    .returning('item_id')
    .execute();
  for (const { item_id } of expired) await moveLive(trx, queueId, item_id, -1);
}

export async function moveLive(trx: Transaction<Database> | Db, queueId: string, itemId: string, by: 1 | -1) {
  await trx
    .updateTable('queue_items')
    .set((eb) => ({ live: eb('live', '+', by) }))
    .where('queue_id', '=', queueId)
    .where('item_id', '=', itemId)
    .execute();
}

/** The first free review slot of an item (1 … reviews), or undefined when every one is live. */
async function freeSlot(trx: Transaction<Database>, queueId: string, itemId: string, reviews: number) {
  const taken = await trx
    .selectFrom('assignments')
    .select('slot')
    .where('queue_id', '=', queueId)
    .where('item_id', '=', itemId)
    .where('status', 'in', LIVE)
    .execute();
  const used = new Set(taken.map((t) => t.slot));
  return Array.from({ length: reviews }, (_, i) => i + 1).find((s) => !used.has(s));
}

/**
 * Reactivates the reviewer's oldest handed-back assignment that still has a free slot, in an open
 * queue. One whose item filled up meanwhile goes back to `skipped`: nothing is left there for this
 * reviewer. Rare (a coordinator's hand-back), so a transaction of several statements is fine here.
 * Each item's row is locked before its slots are read and its assignment changes (item-locks.ts).
 */
export async function reactivateReturned(
  db: Db,
  dialect: Dialect,
  queue: ClaimQueue,
  userId: string,
  now: number
): Promise<Claim | null> {
  return db.transaction().execute(async (trx) => {
    const state = await queueState(trx, queue.id);
    if (state !== 'open') return null;
    const returned = await trx
      .selectFrom('assignments')
      .select(['id', 'item_id'])
      .where('queue_id', '=', queue.id)
      .where('user_id', '=', userId)
      .where('status', '=', 'returned')
      .orderBy('finished_at')
      .execute();
    for (const row of returned) {
      await lockItems(trx, dialect, sql`select ${queue.id}, ${row.item_id}`);
      const slot = await freeSlot(trx, queue.id, row.item_id, queue.reviews_per_item);
      if (slot === undefined) {
        await trx.updateTable('assignments').set({ status: 'skipped' }).where('id', '=', row.id).execute();
        continue;
      }
      const claim: Claim = {
        id: row.id,
        itemId: row.item_id,
        slot,
        leaseExpiresAt: now + Number(queue.lease_ms)
      };
      // Only while still returned: two Next presses at once both read it above.
      const { numUpdatedRows } = await trx
        .updateTable('assignments')
        .set({
          status: 'active',
          slot,
          reason: null,
          claimed_at: now,
          lease_expires_at: claim.leaseExpiresAt,
          finished_at: null
        })
        .where('id', '=', row.id)
        .where('status', '=', 'returned')
        .executeTakeFirst();
      if (Number(numUpdatedRows) === 0) continue;
      await moveLive(trx, queue.id, row.item_id, 1);
      return claim;
    }
    return null;
  });
}

async function queueState(trx: Transaction<Database>, queueId: string): Promise<QueueState | null> {
  const row = await trx.selectFrom('queues').select('state').where('id', '=', queueId).executeTakeFirst();
  return row?.state ?? null;
}
