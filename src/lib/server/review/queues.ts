/**
 * Review queues: a coordinator turns part of a collection into work. The queue's items are fixed
 * when it is made (all ready items, a filter, or a selection), in a stable order.
 */
import { sql, type Insertable, type Selectable, type SqlBool } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { QueuesTable, UserRow } from '../db/schema.ts';
import { audit } from '../audit/log.ts';
import { oversees, readOnly } from '../../model/roles.ts';
import { canAccessCollection, collectionMember } from '../collections/collections.ts';
import { newId } from '../ids.ts';
import { MAX_SELECTION, type QueueInput } from './queue-input.ts';

export { checkQueueInput } from './queue-input.ts';
export const DEFAULT_LEASE_MS = 30 * 60_000;

/** Why a queue was not made; the new-queue page maps these to its messages, the API sends `error`. */
export type QueueErrorCode =
  | 'not_overseer'
  | 'no_collection'
  | 'inactive_member'
  | 'observer_member'
  | 'outside_member'
  | 'bad_selection'
  | 'empty_selection'
  | 'shared_findings';

export type CreateQueueResult =
  | { ok: true; id: string }
  | { ok: false; status: 400 | 403 | 404 | 409; code: QueueErrorCode; error: string; count?: number };

const refuse = (status: 400 | 403 | 404 | 409, code: QueueErrorCode, error: string) =>
  ({ ok: false, status, code, error }) as const;

/**
 * Members must be active users who may review in the collection (reviewers, or coordinators and
 * admins who review too): the rule of queue creation and of adding members later (manage.ts).
 */
export async function checkReviewers(
  db: Db,
  collectionId: string,
  userIds: string[]
): Promise<{ ok: true } | ReturnType<typeof refuse>> {
  if (userIds.length === 0) return { ok: true };
  const members = await db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('id', 'in', userIds)
    .where('disabled_at', 'is', null)
    .execute();
  if (members.length !== userIds.length)
    return refuse(400, 'inactive_member', 'Every member must be an active user.');
  for (const m of members) {
    if (readOnly(m)) return refuse(400, 'observer_member', 'Observers cannot review.');
    if (!(await canAccessCollection(db, m, collectionId)))
      return refuse(400, 'outside_member', 'Every member must belong to the collection.');
  }
  return { ok: true };
}

export async function createQueue(
  db: Db,
  actor: UserRow,
  input: QueueInput,
  ip: string | null
): Promise<CreateQueueResult> {
  if (!oversees(actor)) return refuse(403, 'not_overseer', 'Only coordinators create queues.');
  if (!(await canAccessCollection(db, actor, input.collectionId)))
    return refuse(404, 'no_collection', 'No such collection.');
  const members = await checkReviewers(db, input.collectionId, input.memberIds);
  if (!members.ok) return members;
  let query = db
    .selectFrom('items')
    .select(['id', 'annotation_count'])
    .where('collection_id', '=', input.collectionId)
    .where('status', '=', 'ready');
  if (input.itemIds) query = query.where('id', 'in', input.itemIds);
  if (input.filter?.kind) query = query.where('kind', '=', input.filter.kind);
  if (input.filter?.hasAnnotations !== undefined)
    query = query.where('annotation_count', input.filter.hasAnnotations ? '>' : '=', 0);
  const items = await query
    .orderBy('ingested_at')
    .orderBy('document_id')
    .orderBy('page_index')
    .orderBy('id')
    .limit(MAX_SELECTION)
    .execute();
  if (input.itemIds && items.length !== new Set(input.itemIds).size)
    return refuse(400, 'bad_selection', 'Some itemIds are not ready items of this collection.');
  if (items.length === 0) return refuse(400, 'empty_selection', 'The selection holds no items.');
  const shared = items.filter((item) => Number(item.annotation_count) > 0).length;
  if (input.blind && shared > 0 && !input.sharedFindingsConfirmed)
    return {
      ...refuse(
        409,
        'shared_findings',
        `${shared} of the items already have findings on the shared layer, which reviewers can read ` +
          'before they claim them. Send sharedFindingsConfirmed: true to create the blind queue anyway.'
      ),
      count: shared
    };
  const id = newId();
  const queue: Insertable<QueuesTable> = {
    id,
    collection_id: input.collectionId,
    name: input.name,
    task: input.task,
    reviews_per_item: input.reviewsPerItem,
    blind: input.blind ? 1 : 0,
    forbid_self_adjudication: input.blind && input.forbidSelfAdjudication ? 1 : 0,
    due_at: input.dueAt ?? null,
    content_note: input.contentNote ?? '',
    coview_from_severity: input.coviewFromSeverity,
    lease_ms: DEFAULT_LEASE_MS,
    created_by: actor.id,
    created_at: Date.now()
  };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('queues').values(queue).execute();
    await trx
      .insertInto('queue_members')
      .values(input.memberIds.map((user_id) => ({ queue_id: id, user_id })))
      .execute();
    for (let i = 0; i < items.length; i += 1000) {
      await trx
        .insertInto('queue_items')
        .values(
          items.slice(i, i + 1000).map((item, j) => ({ queue_id: id, item_id: item.id, position: i + j }))
        )
        .execute();
    }
    await audit(trx, {
      actorId: actor.id,
      action: 'queue.create',
      target: id,
      details: {
        name: input.name,
        task: input.task,
        items: items.length,
        reviewsPerItem: input.reviewsPerItem,
        blind: input.blind,
        ...(input.blind && { forbidSelfAdjudication: input.forbidSelfAdjudication, sharedFindings: shared }),
        members: input.memberIds
      },
      ip
    });
  });
  return { ok: true, id };
}

export async function findQueue(db: Db, id: string) {
  return db.selectFrom('queues').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function isQueueMember(db: Db, queueId: string, userId: string): Promise<boolean> {
  return !!(await db
    .selectFrom('queue_members')
    .select('user_id')
    .where('queue_id', '=', queueId)
    .where('user_id', '=', userId)
    .executeTakeFirst());
}

export async function queueMemberIds(db: Db, queueId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('queue_members')
    .select('user_id')
    .where('queue_id', '=', queueId)
    .execute();
  return rows.map((r) => r.user_id);
}

/** `exists` a membership of the user in the queue `queueColumn` names (a column of the outer query). */
function queueMember(queueColumn: string, userId: string) {
  return sql<SqlBool>`exists (select 1 from queue_members qm where qm.queue_id = ${sql.ref(queueColumn)} and qm.user_id = ${userId})`;
}

/** The queues the user may see (the rule of auth/access/queues.ts `canSeeQueue`, as a query). */
export async function queuesFor(db: Db, user: UserRow) {
  let query = db
    .selectFrom('queues as q')
    .innerJoin('collections as c', 'c.id', 'q.collection_id')
    .select([
      'q.id',
      'q.name',
      'q.task',
      'q.blind',
      'q.reviews_per_item',
      'q.due_at',
      'q.content_note',
      'q.state',
      'q.coview_from_severity',
      'c.name as collection'
    ]);
  query = query.where(collectionMember('q.collection_id', user));
  if (!oversees(user)) query = query.where(queueMember('q.id', user.id));
  const rows = await query.orderBy('q.created_at', 'desc').execute();
  return rows.map((r) => ({ ...describeQueue(r), collection: r.collection }));
}

/** A queue as pages and the API show it. */
export function describeQueue(
  queue: Pick<
    Selectable<QueuesTable>,
    | 'id'
    | 'name'
    | 'task'
    | 'blind'
    | 'reviews_per_item'
    | 'due_at'
    | 'content_note'
    | 'state'
    | 'coview_from_severity'
  >
) {
  return {
    id: queue.id,
    name: queue.name,
    task: queue.task,
    blind: queue.blind === 1,
    reviewsPerItem: queue.reviews_per_item,
    dueAt: queue.due_at === null ? null : Number(queue.due_at),
    contentNote: queue.content_note,
    state: queue.state,
    coviewFromSeverity: queue.coview_from_severity === null ? null : Number(queue.coview_from_severity)
  };
}
