/**
 * Queues: who sees one, who takes work from it, who acts on an assignment, who adjudicates.
 *
 * - A queue is seen by its members and by the overseers (admins, coordinators) of its collection.
 * - Work is taken and acted on by its members while they still belong to its collection.
 * - A blind queue's complete items are adjudicated by its collection's adjudicators; a reviewer of
 *   the item who adjudicates it is warned, or refused where the queue forbids it.
 */
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { UserRow } from '../../db/schema.ts';
import { adjudicates, oversees } from '../../../model/roles.ts';
import { canAccessCollection, collectionMember } from '../../collections/collections.ts';
import { findQueue, isQueueMember } from '../../review/queues.ts';
import { isId } from '../../validate.ts';
import type { Denied } from './collections.ts';

/** Who may see a queue: its members, and coordinators and admins of its collection. */
export async function canSeeQueue(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  queue: { id: string; collection_id: string }
): Promise<boolean> {
  if (!(await canAccessCollection(db, user, queue.collection_id))) return false;
  return oversees(user) || (await isQueueMember(db, queue.id, user.id));
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

/**
 * The same rule on the queue `q` of a statement that checks and acts at once: a claim (Next) checks
 * it in its own statement, refusing with 404 when there is no such queue and 403 when the user does
 * not review in it (review/claims.ts).
 */
export function reviewsInQueue(user: Pick<UserRow, 'id' | 'role'>) {
  return reviewsIn('q.id', 'q.collection_id', user);
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
        .select(reviewsInQueue(user).as('reviews'))
        .where('a.id', '=', assignmentId)
        .where('a.user_id', '=', user.id)
        .executeTakeFirst()
    : undefined;
  if (!row) return { ok: false, status: 404 };
  return row.reviews ? { ok: true } : { ok: false, status: 403 };
}
