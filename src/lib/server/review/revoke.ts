/**
 * Ending a reviewer's work in a collection they were removed from: their active assignments in the
 * collection's queues end as `released` and give their slot back to the pool, so nobody outside the
 * collection keeps items from it. Submitted reviews stay: they were done while access was granted.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

export const REVOKED_REASON = 'removed from the collection';

/** Ends the user's active assignments in the collection's queues; returns the ended ones. */
export async function endAssignmentsInCollection(
  trx: Transaction<Database>,
  collectionId: string,
  userId: string,
  now = Date.now()
): Promise<Array<{ id: string; queueId: string; itemId: string }>> {
  const ended = await trx
    .updateTable('assignments')
    .set({ status: 'released', reason: REVOKED_REASON, finished_at: now })
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .where('queue_id', 'in', (eb) =>
      eb.selectFrom('queues').select('id').where('collection_id', '=', collectionId)
    )
    .returning(['id', 'queue_id', 'item_id'])
    .execute();
  for (const row of ended)
    await trx
      .updateTable('queue_items')
      .set((eb) => ({ live: eb('live', '-', 1) }))
      .where('queue_id', '=', row.queue_id)
      .where('item_id', '=', row.item_id)
      .execute();
  return ended.map((r) => ({ id: r.id, queueId: r.queue_id, itemId: r.item_id }));
}
