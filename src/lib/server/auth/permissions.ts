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
 *   The same holds for the item's written description (describe once), and for the description of
 *   a body one of whose photos they review blind (`blindOnBody`).
 * - A body is visible exactly when its collection is; a deleted body, a miss and a body of another
 *   collection all look the same (404), so ids of other collections reveal nothing. Whoever holds
 *   an active verify assignment on one of its photos reads its unverified identifiers blind (the
 *   values they have not entered themselves are withheld), so double entry stays independent.
 * - A body's room (`body/<id>`) opens for those who see the body; it is writable only for experts
 *   (roles.ts `evaluatesBodies`: the overall evaluation is theirs), read-only for everyone else.
 */
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { DocumentRow, ItemRow, UserRow } from '../db/schema.ts';
import {
  adjudicates,
  exportsDossiers,
  confirmsIdentification,
  evaluatesBodies,
  isAdmin,
  oversees,
  readOnly,
  type HasRoleAndExpert
} from '../../model/roles.ts';
import type { RoomName } from '../../model/rooms.ts';
import { canAccessCollection, collectionMember, findCollection } from '../collections/collections.ts';
import { findIdentification, type IdentificationRow } from '../persons/identifications.ts';
import { findMention, type MentionRecord } from '../persons/mentions.ts';
import { findPersonRow, type PersonRow } from '../persons/register.ts';
import { findQueue, isQueueMember } from '../review/queues.ts';
import { findBody, type BodyRow } from '../bodies/bodies.ts';
import { isId } from '../validate.ts';

export { adjudicates, confirmsIdentification, evaluatesBodies, exportsDossiers, isAdmin, oversees, readOnly };

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

/** A body's shared view (co-viewing) while the user reviews one of its photos blind. */
export const BODY_BLIND_DENIED = {
  code: 'forbidden',
  message:
    'You are reviewing a photo of this body blind: submit your review before you view the body together.'
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
async function activeBlind(
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
  if (room.kind === 'body') {
    const body = await bodyForUser(db, user, room.bodyId);
    return body.ok ? { ok: true, readOnly: !evaluatesBodies(user), presence: true } : body;
  }
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

/**
 * May this user take work from the queue? Its members, while they still belong to its collection.
 * As a condition on the outer query's queue, so the check costs no round trip of its own.
 */
function reviewsIn(queueColumn: string, collectionColumn: string, user: Pick<UserRow, 'id' | 'role'>) {
  return sql<SqlBool>`(${collectionMember(collectionColumn, user)}) and exists (select 1 from queue_members qm
    where qm.queue_id = ${sql.ref(queueColumn)} and qm.user_id = ${user.id})`;
}

/** A queue the user takes work from: 404 when there is none, 403 when they do not review in it. */
export async function queueToReview(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  queueId: string
): Promise<{ ok: true; queue: Queue } | Denied> {
  const row = isId(queueId)
    ? await db
        .selectFrom('queues as q')
        .selectAll('q')
        .select(reviewsIn('q.id', 'q.collection_id', user).as('reviews'))
        .where('q.id', '=', queueId)
        .executeTakeFirst()
    : undefined;
  if (!row) return { ok: false, status: 404 };
  const { reviews, ...queue } = row;
  return reviews ? { ok: true, queue } : { ok: false, status: 403 };
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
        .select(reviewsIn('q.id', 'q.collection_id', user).as('reviews'))
        .where('a.id', '=', assignmentId)
        .where('a.user_id', '=', user.id)
        .executeTakeFirst()
    : undefined;
  if (!row) return { ok: false, status: 404 };
  return row.reviews ? { ok: true } : { ok: false, status: 403 };
}

export type BodyAccess = { ok: true; body: BodyRow } | Denied;

/** A body the user may see (the rule in the header): its collection's, and not deleted. */
export async function bodyForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  bodyId: string
): Promise<BodyAccess> {
  const body = isId(bodyId) ? await findBody(db, bodyId) : undefined;
  if (!body || body.deleted_at !== null || !(await canAccessCollection(db, user, body.collection_id)))
    return { ok: false, status: 404 };
  return { ok: true, body };
}

/** An active assignment of the user on a photo of this body, in a queue of the given kind. */
async function activeOnBody(
  db: Db,
  userId: string,
  bodyId: string,
  queue: 'blind' | 'verify'
): Promise<boolean> {
  const row = await db
    .selectFrom('assignments as a')
    .innerJoin('queues as q', 'q.id', 'a.queue_id')
    .innerJoin('body_items as b', 'b.item_id', 'a.item_id')
    .select('a.id')
    .where('a.user_id', '=', userId)
    .where('a.status', '=', 'active')
    .$if(queue === 'blind', (qb) => qb.where('q.blind', '=', 1))
    .$if(queue === 'verify', (qb) => qb.where('q.task', '=', 'verify'))
    .where('b.body_id', '=', bodyId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Does the user review a photo of this body blind (an active blind assignment on one of its photos)? */
export function blindOnBody(db: Db, userId: string, bodyId: string): Promise<boolean> {
  return activeOnBody(db, userId, bodyId, 'blind');
}

/** Does the user transcribe this body's identifiers blind (an active verify assignment on a photo of it)? */
export function verifiesBodyBlind(db: Db, userId: string, bodyId: string): Promise<boolean> {
  return activeOnBody(db, userId, bodyId, 'verify');
}

/**
 * Does the user transcribe body numbers blind anywhere in this collection? Then a search by number
 * must not answer with unverified values: it would let them test a guess against the first reading.
 */
export async function verifiesBlindIn(db: Db, userId: string, collectionId: string): Promise<boolean> {
  const row = await db
    .selectFrom('assignments as a')
    .innerJoin('queues as q', 'q.id', 'a.queue_id')
    .select('a.id')
    .where('a.user_id', '=', userId)
    .where('a.status', '=', 'active')
    .where('q.task', '=', 'verify')
    .where('q.collection_id', '=', collectionId)
    .executeTakeFirst();
  return row !== undefined;
}

export type PersonAccess = { ok: true; person: PersonRow } | Denied;

/**
 * A person of the register, seen exactly by those who see its collection. A register holds the
 * names of the disappeared: a person outside the user's collections looks like no person (404),
 * so that its id cannot be probed.
 */
export async function personForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  personId: string
): Promise<PersonAccess> {
  const person = isId(personId) ? await findPersonRow(db, personId) : undefined;
  if (!person || !(await canAccessCollection(db, user, person.collection_id)))
    return { ok: false, status: 404 };
  return { ok: true, person };
}

/**
 * A mention (a name on a page) is seen by whoever may open that page's shared layer: its text is
 * the page's text, so a reviewer working the page blind must not read it here either.
 */
export async function mentionForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  mentionId: string
): Promise<{ ok: true; mention: MentionRecord } | Denied> {
  const mention = isId(mentionId) ? await findMention(db, mentionId) : undefined;
  if (!mention) return { ok: false, status: 404 };
  const access = await sharedLayerForUser(db, user, mention.item_id);
  return access.ok ? { ok: true, mention } : { ok: false, status: 404 };
}

/** An identification is seen by those who see its person (and so its collection); else 404. */
export async function identificationForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  identificationId: string
): Promise<{ ok: true; identification: IdentificationRow } | Denied> {
  const row = isId(identificationId) ? await findIdentification(db, identificationId) : undefined;
  if (!row || !(await canAccessCollection(db, user, row.collection_id))) return { ok: false, status: 404 };
  return { ok: true, identification: row };
}

export type DossierRef = { kind: 'item' | 'queue' | 'collection' | 'body' | 'person'; id: string };

/**
 * May this user export a dossier of the item, queue, collection, body or person? Those who export
 * dossiers (roles.ts `exportsDossiers`: coordinators, admins, observers) of a collection they may
 * see. A miss is 404, a collection outside theirs 403 (a body or person outside it: 404, as their
 * own rules say). A dossier holds the shared layers, complete blind reviews and a body's
 * identifiers, so whoever still reviews blind in that collection, or transcribes that body's
 * identifiers blind, is refused (it would unblind them).
 */
export async function dossierForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  ref: DossierRef
): Promise<{ ok: true } | Denied> {
  let collectionId: string;
  if (ref.kind === 'body' || ref.kind === 'person') {
    const access =
      ref.kind === 'body' ? await bodyForUser(db, user, ref.id) : await personForUser(db, user, ref.id);
    if (!access.ok) return access;
    collectionId = 'body' in access ? access.body.collection_id : access.person.collection_id;
    if (ref.kind === 'body' && (await verifiesBodyBlind(db, user.id, ref.id)))
      return { ok: false, status: 403, blind: true };
  } else if (ref.kind === 'item') {
    const access = await itemForUser(db, user, ref.id);
    if (!access.ok) return access;
    collectionId = access.item.collection_id;
  } else if (ref.kind === 'queue') {
    const queue = isId(ref.id) ? await findQueue(db, ref.id) : undefined;
    if (!queue) return { ok: false, status: 404 };
    if (!(await canAccessCollection(db, user, queue.collection_id))) return { ok: false, status: 403 };
    collectionId = queue.collection_id;
  } else {
    const access = await collectionForUser(db, user, ref.id);
    if (!access.ok) return access;
    collectionId = access.collection.id;
  }
  if (!exportsDossiers(user)) return { ok: false, status: 403 };
  if (await activeBlind(db, user.id, { column: 'q.collection_id', value: collectionId }))
    return { ok: false, status: 403, blind: true };
  return { ok: true };
}
