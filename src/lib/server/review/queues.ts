/**
 * Review queues: a coordinator turns part of a collection into work. The queue's items are fixed
 * when it is made (all ready items, a filter, or a selection), in a stable order.
 */
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { QueuesTable, UserRow } from '../db/schema.ts';
import { audit } from '../audit/log.ts';
import { oversees, readOnly } from '../../model/roles.ts';
import { canAccessCollection, collectionMember } from '../collections/collections.ts';
import { newId } from '../ids.ts';

export const TASKS = ['annotate', 'transcribe', 'verify'] as const;
export type Task = (typeof TASKS)[number];
export const DEFAULT_LEASE_MS = 30 * 60_000;
const MAX_SELECTION = 200_000;

export type QueueInput = {
  collectionId: string;
  name: string;
  task: Task;
  itemIds?: string[];
  filter?: { kind?: 'photo' | 'document'; hasAnnotations?: boolean };
  reviewsPerItem: number;
  blind: boolean;
  memberIds: string[];
  dueAt?: number | null;
  contentNote?: string;
};

/** Validates a queue request; `null` errors means it is acceptable. */
export function checkQueueInput(
  body: unknown
): { ok: true; value: QueueInput } | { ok: false; error: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  const id = (v: unknown) => typeof v === 'string' && /^[a-z2-7]{24}$/.test(v);
  if (!id(b.collectionId)) return { ok: false, error: 'collectionId is required' };
  if (typeof b.name !== 'string' || !b.name.trim() || b.name.length > 200)
    return { ok: false, error: 'name must be 1–200 characters' };
  if (!TASKS.includes(b.task as Task)) return { ok: false, error: `task must be one of ${TASKS.join(', ')}` };
  if (
    !Number.isInteger(b.reviewsPerItem) ||
    (b.reviewsPerItem as number) < 1 ||
    (b.reviewsPerItem as number) > 3
  ) {
    return { ok: false, error: 'reviewsPerItem must be 1, 2 or 3' };
  }
  if (typeof b.blind !== 'boolean') return { ok: false, error: 'blind must be true or false' };
  if (
    !Array.isArray(b.memberIds) ||
    b.memberIds.length === 0 ||
    b.memberIds.length > 500 ||
    !b.memberIds.every(id)
  ) {
    return { ok: false, error: 'memberIds must list 1–500 user ids' };
  }
  if (
    b.itemIds !== undefined &&
    (!Array.isArray(b.itemIds) ||
      b.itemIds.length === 0 ||
      b.itemIds.length > MAX_SELECTION ||
      !b.itemIds.every(id))
  ) {
    return { ok: false, error: `itemIds must list 1–${MAX_SELECTION} item ids` };
  }
  const filter = (b.filter ?? {}) as Record<string, unknown>;
  if (filter.kind !== undefined && filter.kind !== 'photo' && filter.kind !== 'document')
    return { ok: false, error: 'filter.kind must be photo or document' };
  if (filter.hasAnnotations !== undefined && typeof filter.hasAnnotations !== 'boolean')
    return { ok: false, error: 'filter.hasAnnotations must be true or false' };
  if (b.dueAt !== undefined && b.dueAt !== null && (typeof b.dueAt !== 'number' || !Number.isFinite(b.dueAt)))
    return { ok: false, error: 'dueAt must be epoch milliseconds' };
  if (b.contentNote !== undefined && (typeof b.contentNote !== 'string' || b.contentNote.length > 2000))
    return { ok: false, error: 'contentNote must be at most 2000 characters' };
  return {
    ok: true,
    value: {
      collectionId: b.collectionId as string,
      name: (b.name as string).trim(),
      task: b.task as Task,
      itemIds: b.itemIds as string[] | undefined,
      filter: {
        kind: filter.kind as 'photo' | 'document' | undefined,
        hasAnnotations: filter.hasAnnotations as boolean | undefined
      },
      reviewsPerItem: b.reviewsPerItem as number,
      blind: b.blind as boolean,
      memberIds: [...new Set(b.memberIds as string[])],
      dueAt: (b.dueAt as number | null | undefined) ?? null,
      contentNote: (b.contentNote as string | undefined) ?? ''
    }
  };
}

export type CreateQueueResult =
  { ok: true; id: string } | { ok: false; status: 400 | 403 | 404; error: string };

export async function createQueue(
  db: Db,
  actor: UserRow,
  input: QueueInput,
  ip: string | null
): Promise<CreateQueueResult> {
  if (!oversees(actor)) return { ok: false, status: 403, error: 'Only coordinators create queues.' };
  if (!(await canAccessCollection(db, actor, input.collectionId)))
    return { ok: false, status: 404, error: 'No such collection.' };
  // Members must be reviewers of the collection (or coordinators and admins who review too).
  const members = await db
    .selectFrom('users')
    .select(['id', 'role'])
    .where('id', 'in', input.memberIds)
    .where('disabled_at', 'is', null)
    .execute();
  if (members.length !== input.memberIds.length)
    return { ok: false, status: 400, error: 'Every member must be an active user.' };
  for (const m of members) {
    if (readOnly(m)) return { ok: false, status: 400, error: 'Observers cannot review.' };
    if (!(await canAccessCollection(db, m, input.collectionId)))
      return { ok: false, status: 400, error: 'Every member must belong to the collection.' };
  }
  let query = db
    .selectFrom('items')
    .select('id')
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
    return { ok: false, status: 400, error: 'Some itemIds are not ready items of this collection.' };
  if (items.length === 0) return { ok: false, status: 400, error: 'The selection holds no items.' };
  const id = newId();
  const queue: QueuesTable = {
    id,
    collection_id: input.collectionId,
    name: input.name,
    task: input.task,
    reviews_per_item: input.reviewsPerItem,
    blind: input.blind ? 1 : 0,
    due_at: input.dueAt ?? null,
    content_note: input.contentNote ?? '',
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

/** `exists` a membership of the user in the queue `queueColumn` names (a column of the outer query). */
function queueMember(queueColumn: string, userId: string) {
  return sql<SqlBool>`exists (select 1 from queue_members qm where qm.queue_id = ${sql.ref(queueColumn)} and qm.user_id = ${userId})`;
}

/** The queues the user may see (the rule of permissions.ts `canSeeQueue`, as a query). */
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
      'c.name as collection'
    ]);
  query = query.where(collectionMember('q.collection_id', user));
  if (!oversees(user)) query = query.where(queueMember('q.id', user.id));
  const rows = await query.orderBy('q.created_at', 'desc').execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    task: r.task,
    blind: r.blind === 1,
    reviewsPerItem: r.reviews_per_item,
    dueAt: r.due_at === null ? null : Number(r.due_at),
    contentNote: r.content_note,
    collection: r.collection
  }));
}
