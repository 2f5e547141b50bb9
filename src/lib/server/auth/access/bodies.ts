/**
 * Bodies.
 *
 * - A body is visible exactly when its collection is; a deleted body, a miss and a body of another
 *   collection all look the same (404), so ids of other collections reveal nothing.
 * - Whoever holds an active verify assignment on one of its photos reads its unverified identifiers
 *   blind (the values they have not entered themselves are withheld), so double entry stays
 *   independent.
 */
import type { Db } from '../../db/connect.ts';
import type { UserRow } from '../../db/schema.ts';
import { findBody, type BodyRow } from '../../bodies/bodies.ts';
import { canAccessCollection } from '../../collections/collections.ts';
import { isId } from '../../validate.ts';
import type { Denied } from './collections.ts';

/** A body's shared view (co-viewing) while the user reviews one of its photos blind. */
export const BODY_BLIND_DENIED = {
  code: 'forbidden',
  message:
    'You are reviewing a photo of this body blind: submit your review before you view the body together.'
} as const;

export type BodyAccess = { ok: true; body: BodyRow } | Denied;

/** A body the user may see (the rule above): its collection's, and not deleted. */
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
