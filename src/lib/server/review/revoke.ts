/**
 * Ending a reviewer's work where they no longer review: removed from the collection, or from one
 * queue. Their active assignments there end as `released` and give their slot back to the pool, so
 * nobody keeps items they may no longer work on. Submitted reviews stay: they were done while
 * access was granted.
 */
import { sql, type SqlBool, type Transaction } from 'kysely';
import type { Dialect } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { lockItems } from './item-locks.ts';
import { moveLive } from './leases.ts';

export const REVOKED_REASON = 'removed from the collection';
export const REMOVED_FROM_QUEUE = 'removed from the queue';

/** Where the user's work ends: every queue of a collection, or one queue. */
export type RevokeScope = { collectionId: string } | { queueId: string };

/**
 * Ends the user's active assignments in the scope; returns the ended ones. Their items' rows are
 * locked first (item-locks.ts): a claim holding one of those items may be waiting on the change.
 */
export async function endAssignments(
  trx: Transaction<Database>,
  dialect: Dialect,
  scope: RevokeScope,
  userId: string,
  now = Date.now()
): Promise<Array<{ id: string; queueId: string; itemId: string }>> {
  const inScope =
    'queueId' in scope
      ? sql<SqlBool>`queue_id = ${scope.queueId}`
      : sql<SqlBool>`queue_id in (select q.id from queues q where q.collection_id = ${scope.collectionId})`;
  await lockItems(
    trx,
    dialect,
    sql`select queue_id, item_id from assignments where user_id = ${userId} and status = 'active' and ${inScope}`
  );
  const ended = await trx
    .updateTable('assignments')
    .set({
      status: 'released',
      reason: 'queueId' in scope ? REMOVED_FROM_QUEUE : REVOKED_REASON,
      finished_at: now
    })
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .where(inScope)
    .returning(['id', 'queue_id', 'item_id'])
    .execute();
  for (const row of ended) await moveLive(trx, row.queue_id, row.item_id, -1);
  return ended.map((r) => ({ id: r.id, queueId: r.queue_id, itemId: r.item_id }));
}
