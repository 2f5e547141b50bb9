/**
 * A queue's per-item table for its coordinators: each item in queue order with the state of each of
 * its reviews (who, which status, why), its flags, and where adjudication stands. A page at a time.
 */
import type { Db } from '../db/connect.ts';
import type { AssignmentStatus } from '../db/schema.ts';

export const ITEM_TABLE_PAGE = 100;

export type Adjudication = 'not_blind' | 'waiting' | 'ready' | 'adjudicated';

export type ItemRowView = {
  itemId: string;
  position: number;
  name: string;
  done: number;
  reviews: Array<{
    assignmentId: string;
    userId: string;
    reviewer: string;
    status: AssignmentStatus;
    reason: string | null;
    /** An active assignment whose lease ran out counts as expired, as the sweep will mark it. */
    expired: boolean;
  }>;
  flags: number;
  adjudication: Adjudication;
};

export async function queueItemTable(
  db: Db,
  queue: { id: string; blind: number; reviews_per_item: number },
  page = 0
): Promise<{ rows: ItemRowView[]; total: number; page: number; pages: number }> {
  const { n } = await db
    .selectFrom('queue_items')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('queue_id', '=', queue.id)
    .executeTakeFirstOrThrow();
  const total = Number(n);
  const pages = Math.max(1, Math.ceil(total / ITEM_TABLE_PAGE));
  const current = Math.min(Math.max(0, page), pages - 1);
  const items = await db
    .selectFrom('queue_items as qi')
    .innerJoin('items as i', 'i.id', 'qi.item_id')
    .select(['qi.item_id', 'qi.position', 'qi.done', 'qi.adjudicated', 'i.original_name'])
    .where('qi.queue_id', '=', queue.id)
    .orderBy('qi.position')
    .limit(ITEM_TABLE_PAGE)
    .offset(current * ITEM_TABLE_PAGE)
    .execute();
  const ids = items.map((i) => i.item_id);
  const assignments = ids.length
    ? await db
        .selectFrom('assignments as a')
        .innerJoin('users as u', 'u.id', 'a.user_id')
        .select(['a.id', 'a.item_id', 'a.user_id', 'a.status', 'a.reason', 'a.lease_expires_at', 'u.name'])
        .where('a.queue_id', '=', queue.id)
        .where('a.item_id', 'in', ids)
        .orderBy('a.claimed_at')
        .execute()
    : [];
  const now = Date.now();
  const rows = items.map((item): ItemRowView => {
    const reviews = assignments
      .filter((a) => a.item_id === item.item_id)
      .map((a) => ({
        assignmentId: a.id,
        userId: a.user_id,
        reviewer: a.name,
        status: a.status,
        reason: a.reason,
        expired: a.status === 'active' && Number(a.lease_expires_at) < now
      }));
    const done = Number(item.done);
    const adjudication: Adjudication =
      queue.blind !== 1
        ? 'not_blind'
        : Number(item.adjudicated) === 1
          ? 'adjudicated'
          : done >= queue.reviews_per_item
            ? 'ready'
            : 'waiting';
    return {
      itemId: item.item_id,
      position: Number(item.position),
      name: item.original_name,
      done,
      reviews,
      flags: reviews.filter((r) => r.status === 'flagged').length,
      adjudication
    };
  });
  return { rows, total, page: current, pages };
}
