/**
 * Blind review: what stays closed to a reviewer until they submit.
 *
 * - Whoever holds an active blind assignment on an item does not see that item's shared layer
 *   (page, API, socket) until they submit it: the colleagues' findings would unblind the review.
 *   The same holds for the item's written description (describe once), for what is derived from
 *   the layer (mentions, finding filters), and for the description of a body one of whose photos
 *   they review blind (bodies.ts `blindOnBody`).
 * - Someone else's blind layer is read by admins at any time, by experts and coordinators once the
 *   item has all its reviews (adjudication).
 */
import type { Db } from '../../db/connect.ts';
import { adjudicates, isAdmin, type HasRoleAndExpert } from '../../../model/roles.ts';

/**
 * May this user read someone else's blind layer? Admins always (supervision); experts and
 * coordinators once the item has all its reviews, so nobody's judgement is shaped by another's
 * before it is submitted.
 */
export function readsBlindLayer(user: HasRoleAndExpert, itemComplete: boolean): boolean {
  if (isAdmin(user)) return true;
  return itemComplete && adjudicates(user);
}

/** Submitted reviews of an item in a queue, against the number it needs. */
export async function reviewsComplete(
  db: Db,
  queue: { id: string; reviews_per_item: number },
  itemId: string
): Promise<boolean> {
  const { n } = await db
    .selectFrom('assignments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('queue_id', '=', queue.id)
    .where('item_id', '=', itemId)
    .where('status', '=', 'submitted')
    .executeTakeFirstOrThrow();
  return Number(n) >= queue.reviews_per_item;
}

/** The user's active assignments in blind queues (the rows that close a shared layer to them). */
function activeBlindAssignments(db: Db, userId: string) {
  return db
    .selectFrom('assignments as a')
    .innerJoin('queues as q', 'q.id', 'a.queue_id')
    .where('a.user_id', '=', userId)
    .where('a.status', '=', 'active')
    .where('q.blind', '=', 1);
}

/**
 * The ids of the items the user reviews blind, as a subquery (`where id not in …`): a listing that
 * matches items by their shared layer's findings leaves these out, so a filter cannot tell a blind
 * reviewer what colleagues found there.
 */
export function blindItemIds(db: Db, userId: string) {
  return activeBlindAssignments(db, userId).select('a.item_id');
}

/** An active blind assignment of the user on the item, or on any item of the collection. */
export async function activeBlind(
  db: Db,
  userId: string,
  where: { column: 'a.item_id' | 'q.collection_id'; value: string }
): Promise<boolean> {
  const row = await activeBlindAssignments(db, userId)
    .select('a.id')
    .where(where.column, '=', where.value)
    .executeTakeFirst();
  return row !== undefined;
}

/** Does the user hold an active blind assignment on this item (so its shared layer is closed)? */
export function blindOn(db: Db, userId: string, itemId: string): Promise<boolean> {
  return activeBlind(db, userId, { column: 'a.item_id', value: itemId });
}

/** Of these items, those whose shared layer is closed to the user (they review them blind). */
export async function blindAmong(db: Db, userId: string, itemIds: string[]): Promise<Set<string>> {
  if (itemIds.length === 0) return new Set();
  const rows = await activeBlindAssignments(db, userId)
    .select('a.item_id')
    .where('a.item_id', 'in', itemIds)
    .execute();
  return new Set(rows.map((r) => r.item_id));
}

/**
 * Every item the user reviews blind now. What is derived from those items' shared layer (the names
 * marked in their transcriptions: mentions, the "not yet in the register" work list) is left out
 * for them, as the layer itself is: a name a colleague transcribed would unblind the review.
 */
export async function blindItems(db: Db, userId: string): Promise<string[]> {
  const rows = await activeBlindAssignments(db, userId).select('a.item_id').distinct().execute();
  return rows.map((r) => r.item_id);
}
