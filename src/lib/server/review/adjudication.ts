/**
 * Reads of the review pages: one assignment, an item's submitted reviews and their layers, the
 * items and queues ready to adjudicate (all reviews in, not every finding decided). They change
 * nothing.
 */
import type * as Y from 'yjs';
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { readAnnotations } from '../../model/document-schema.ts';
import { reviewRoom } from '../../model/rooms.ts';
import { collectionMember } from '../collections/collections.ts';
import { groupFindings } from './grouping.ts';

export type AssignmentView = {
  id: string;
  queueId: string;
  itemId: string;
  userId: string;
  slot: number;
  status: string;
  leaseExpiresAt: number;
};

export async function findAssignment(db: Db, id: string): Promise<AssignmentView | null> {
  const row = await db
    .selectFrom('assignments')
    .select(['id', 'queue_id', 'item_id', 'user_id', 'slot', 'status', 'lease_expires_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        queueId: row.queue_id,
        itemId: row.item_id,
        userId: row.user_id,
        slot: row.slot,
        status: row.status,
        leaseExpiresAt: Number(row.lease_expires_at)
      }
    : null;
}

/** The submitted reviews of one item in one queue, oldest first, with their authors' names. */
export async function itemReviews(db: Db, queueId: string, itemId: string) {
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', 'a.user_id', 'a.slot', 'a.finished_at', 'u.name'])
    .where('a.queue_id', '=', queueId)
    .where('a.item_id', '=', itemId)
    .where('a.status', '=', 'submitted')
    .orderBy('a.finished_at')
    .orderBy('a.id')
    .execute();
  return rows.map((r) => ({
    assignmentId: r.id,
    userId: r.user_id,
    name: r.name,
    slot: r.slot,
    at: Number(r.finished_at)
  }));
}

export type ReadRoom = (room: string) => Promise<Y.Doc>;

/** The layers of an item's submitted reviews as they are now, and their findings grouped. */
export async function reviewLayers(read: ReadRoom, itemId: string, reviews: Array<{ assignmentId: string }>) {
  const layers = await Promise.all(
    reviews.map(async (r) => ({
      assignmentId: r.assignmentId,
      records: readAnnotations(await read(reviewRoom(itemId, r.assignmentId)))
    }))
  );
  return { layers, groups: groupFindings(layers) };
}

/** Items of the queue that have all their reviews and undecided findings, in queue order. */
export async function completeItems(db: Db, queueId: string, reviewsPerItem: number, limit = 200) {
  const rows = await db
    .selectFrom('queue_items as qi')
    .innerJoin('items as i', 'i.id', 'qi.item_id')
    .select(['qi.item_id', 'qi.position', 'i.original_name'])
    .where('qi.queue_id', '=', queueId)
    .where('qi.done', '>=', reviewsPerItem)
    .where('qi.adjudicated', '=', 0)
    .orderBy('qi.position')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ itemId: r.item_id, position: r.position, name: r.original_name }));
}

/** Blind queues of the user's collections (all, for admins) with at least one item ready to adjudicate. */
export async function queuesToAdjudicate(db: Db, user: Pick<UserRow, 'id' | 'role'>) {
  return db
    .selectFrom('queues as q')
    .innerJoin('collections as c', 'c.id', 'q.collection_id')
    .select(['q.id', 'q.name', 'q.task', 'c.name as collection'])
    .where('q.blind', '=', 1)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('queue_items as qi')
          .select('qi.item_id')
          .whereRef('qi.queue_id', '=', 'q.id')
          .whereRef('qi.done', '>=', 'q.reviews_per_item')
          .where('qi.adjudicated', '=', 0)
      )
    )
    .where(collectionMember('q.collection_id', user))
    .orderBy('q.created_at', 'desc')
    .limit(100)
    .execute();
}
