/**
 * The access policy: who may see an item, a queue, a room. Every route, API endpoint, the collab
 * server's upgrade check, the IIIF and upload endpoints ask here; the role rules themselves are the
 * pure predicates of `model/roles.ts` (the browser uses those too).
 *
 * Invariants:
 * - An item is visible to those who may see its collection (collections.ts: admins every one,
 *   everyone else their memberships), and only once it is `ready`; ids of the wrong shape never
 *   reach the database. A miss is 404, a collection outside the user's is 403.
 * - A queue is seen by its members and by the overseers (admins, coordinators) of its collection.
 * - A blind review layer opens for its author (writable while the assignment is active); for admins
 *   read-only at any time; for experts and coordinators read-only once the item has all its reviews
 *   (adjudication). A reviewer of the item who adjudicates it is warned, or refused where the queue
 *   forbids it (`selfAdjudication`). Only the author's presence is shown there, so the layer stays blind.
 * - Whoever holds an active blind assignment on an item does not see that item's shared layer
 *   (page, API, socket) until they submit it: the colleagues' findings would unblind the review.
 */
import type { Db } from '../db/connect.ts';
import type { DocumentRow, ItemRow, UserRow } from '../db/schema.ts';
import { adjudicates, isAdmin, oversees, readOnly, type HasRoleAndExpert } from '../../model/roles.ts';
import type { RoomName } from '../../model/rooms.ts';
import { canAccessCollection, findCollection } from '../collections/collections.ts';
import { findQueue, isQueueMember } from '../review/queues.ts';
import { isId } from '../validate.ts';

export { adjudicates, isAdmin, oversees, readOnly };

export type Denied = { ok: false; status: 403 | 404; blind?: true };
export type ItemAccess = { ok: true; item: ItemRow } | Denied;

/** What a refused item request says, for pages and the API alike. */
export const ITEM_DENIED = {
  403: { code: 'forbidden', message: 'You do not have access to this collection.' },
  404: { code: 'not_found', message: 'No such item.' }
} as const;
/** What a reviewer hears who asks for the shared layer of an item they review blind. */
export const BLIND_DENIED = {
  code: 'forbidden',
  message: 'You are reviewing this item blind: submit your review before you open its shared layer.'
} as const;

export async function itemForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  itemId: string
): Promise<ItemAccess> {
  if (!isId(itemId)) return { ok: false, status: 404 };
  const item = await db.selectFrom('items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!item || item.status !== 'ready') return { ok: false, status: 404 };
  if (!(await canAccessCollection(db, user, item.collection_id))) return { ok: false, status: 403 };
  return { ok: true, item };
}

/** A document is visible to those who may see its collection (as its items are); a miss is 404. */
export async function documentForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  documentId: string
): Promise<{ ok: true; document: DocumentRow } | Denied> {
  if (!isId(documentId)) return { ok: false, status: 404 };
  const document = await db
    .selectFrom('documents')
    .selectAll()
    .where('id', '=', documentId)
    .executeTakeFirst();
  if (!document) return { ok: false, status: 404 };
  if (!(await canAccessCollection(db, user, document.collection_id))) return { ok: false, status: 403 };
  return { ok: true, document };
}

/** Who may see a queue: its members, and coordinators and admins of its collection. */
export async function canSeeQueue(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  queue: { id: string; collection_id: string }
): Promise<boolean> {
  if (!(await canAccessCollection(db, user, queue.collection_id))) return false;
  return oversees(user) || (await isQueueMember(db, queue.id, user.id));
}

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
async function reviewsComplete(
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

/** Does the user hold an active blind assignment on this item (so its shared layer is closed)? */
export async function blindOn(db: Db, userId: string, itemId: string): Promise<boolean> {
  const row = await db
    .selectFrom('assignments as a')
    .innerJoin('queues as q', 'q.id', 'a.queue_id')
    .select('a.id')
    .where('a.user_id', '=', userId)
    .where('a.item_id', '=', itemId)
    .where('a.status', '=', 'active')
    .where('q.blind', '=', 1)
    .executeTakeFirst();
  return row !== undefined;
}

/** An item whose shared layer the user may open: `itemForUser`, and 403 while they review it blind. */
export async function sharedLayerForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  itemId: string
): Promise<ItemAccess> {
  const access = await itemForUser(db, user, itemId);
  if (access.ok && (await blindOn(db, user.id, itemId))) return { ok: false, status: 403, blind: true };
  return access;
}

export type RoomDecision = { ok: true; readOnly: boolean; presence: boolean } | Denied;

/** Who may open a room, and how (see the invariants above). */
export async function canOpenRoom(db: Db, user: UserRow, room: RoomName): Promise<RoomDecision> {
  const access = await (room.kind === 'item' ? sharedLayerForUser : itemForUser)(db, user, room.itemId);
  if (!access.ok) return access;
  if (room.kind === 'item') return { ok: true, readOnly: readOnly(user), presence: true };

  const assignment = await db
    .selectFrom('assignments as a')
    .innerJoin('queues as q', 'q.id', 'a.queue_id')
    .select(['a.user_id', 'a.status', 'a.queue_id', 'q.blind', 'q.reviews_per_item'])
    .where('a.id', '=', room.assignmentId)
    .where('a.item_id', '=', room.itemId)
    .executeTakeFirst();
  if (!assignment || assignment.blind !== 1) return { ok: false, status: 404 };
  if (assignment.user_id === user.id)
    return { ok: true, readOnly: assignment.status !== 'active', presence: true };
  // Admins read at any time, so their decision needs no count of the submitted reviews.
  const complete =
    !isAdmin(user) &&
    (await reviewsComplete(
      db,
      { id: assignment.queue_id, reviews_per_item: assignment.reviews_per_item },
      room.itemId
    ));
  if (readsBlindLayer(user, complete)) return { ok: true, readOnly: true, presence: false };
  return { ok: false, status: 403 };
}

export type Queue = NonNullable<Awaited<ReturnType<typeof findQueue>>>;
export type QueueAccess = { ok: true; queue: Queue } | Denied;

/** A queue the user may see (a miss and a queue outside their reach look the same: 404). */
export async function queueForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  queueId: string
): Promise<QueueAccess> {
  const queue = isId(queueId) ? await findQueue(db, queueId) : undefined;
  if (!queue || !(await canSeeQueue(db, user, queue))) return { ok: false, status: 404 };
  return { ok: true, queue };
}

export type Collection = NonNullable<Awaited<ReturnType<typeof findCollection>>>;

/** A collection the user may see: 404 when there is none, 403 when it is not theirs. */
export async function collectionForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  collectionId: string
): Promise<{ ok: true; collection: Collection } | Denied> {
  const collection = isId(collectionId) ? await findCollection(db, collectionId) : undefined;
  if (!collection) return { ok: false, status: 404 };
  if (!(await canAccessCollection(db, user, collection.id))) return { ok: false, status: 403 };
  return { ok: true, collection };
}

/** A blind queue whose complete items this user may adjudicate (its collection's adjudicators). */
export async function adjudicableQueue(
  db: Db,
  user: Pick<UserRow, 'id' | 'role' | 'expert'>,
  queueId: string
): Promise<QueueAccess> {
  if (!adjudicates(user)) return { ok: false, status: 403 };
  const queue = isId(queueId) ? await findQueue(db, queueId) : undefined;
  if (!queue || queue.blind !== 1 || !(await canAccessCollection(db, user, queue.collection_id)))
    return { ok: false, status: 404 };
  return { ok: true, queue };
}

/**
 * An adjudicator who wrote one of the item's blind reviews judges their own work: they are warned,
 * and refused where the queue forbids it.
 */
export function selfAdjudication(
  queue: { forbid_self_adjudication: number },
  reviewerIds: string[],
  userId: string
): 'none' | 'warn' | 'forbid' {
  if (!reviewerIds.includes(userId)) return 'none';
  return queue.forbid_self_adjudication === 1 ? 'forbid' : 'warn';
}

/** May this user take work from the queue? Its members, while they still belong to its collection. */
export async function reviewsIn(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  queue: { id: string; collection_id: string }
): Promise<boolean> {
  return (
    (await canAccessCollection(db, user, queue.collection_id)) && (await isQueueMember(db, queue.id, user.id))
  );
}

/**
 * May this user act on the assignment (submit, skip, flag, release, renew)? Only on their own, and
 * only while they still review in its queue: a reviewer removed from the collection is refused.
 */
export async function actsOnAssignment(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  assignmentId: string
): Promise<{ ok: true } | Denied> {
  const row = isId(assignmentId)
    ? await db
        .selectFrom('assignments as a')
        .innerJoin('queues as q', 'q.id', 'a.queue_id')
        .select(['q.id', 'q.collection_id'])
        .where('a.id', '=', assignmentId)
        .where('a.user_id', '=', user.id)
        .executeTakeFirst()
    : undefined;
  if (!row) return { ok: false, status: 404 };
  return (await reviewsIn(db, user, row)) ? { ok: true } : { ok: false, status: 403 };
}
