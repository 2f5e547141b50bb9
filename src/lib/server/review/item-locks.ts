/**
 * The lock order of a queue's work: an item's row (`queue_items`) before any change to its
 * assignments, the order a claim takes them in (claims.ts: the item `FOR UPDATE`, then the insert).
 * Why: a claim holding an item computes its slot from its statement's snapshot, so its insert can
 * wait on another transaction's uncommitted change of that item's assignment (the live-slot
 * index); if that transaction then waits for the item, the two deadlock (PostgreSQL answers the one
 * it aborts with an error after `deadlock_timeout`). Finishes and the lease sweep take the item in
 * their own statement (finish.ts, claims.ts); a transaction of several statements calls this first.
 * Several items are locked in one order (queue, item). SQLite has one writer: nothing to order.
 */
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Dialect } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';

/** Locks the rows of the items that `items` (a query of `queue_id, item_id` pairs) names. */
export async function lockItems(
  trx: Transaction<Database>,
  dialect: Dialect,
  items: RawBuilder<unknown>
): Promise<void> {
  if (dialect !== 'postgres') return;
  await sql`select 1 from queue_items qi where (qi.queue_id, qi.item_id) in (${items})
    order by qi.queue_id, qi.item_id for update of qi`.execute(trx);
}
