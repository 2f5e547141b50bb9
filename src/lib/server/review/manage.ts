/**
 * Managing a queue after it is made (`PATCH /api/queues/:id` and the dashboard's forms): its state
 * (open, paused, closed), due date, co-viewing rule (wellbeing/coview-rule.ts) and members, and handing a skipped item back to its reviewer.
 *
 * Invariants:
 * - Only overseers of the queue's collection manage it (the caller has found the queue through
 *   `queueForUser`; the role rule is `oversees`).
 * - A paused or closed queue hands out no new work (claims.ts reads the state in the claim's own
 *   transaction); assignments already held may be finished, so nobody loses work in hand.
 * - Members added pass the rule of creation (`checkReviewers`); a member removed loses their
 *   active assignments in this queue at once (revoke.ts), in the same transaction, so their open
 *   lease neither keeps the item from the pool nor counts a review submitted after the removal.
 * - Only a skipped assignment of a current member, on an item with a free slot, is handed back.
 * - One audit row names every change; a refused request changes nothing.
 */
import * as v from 'valibot';
import type { Db, Dialect } from '../db/connect.ts';
import type { QueuesTable, QueueState, UserRow } from '../db/schema.ts';
import type { Selectable } from 'kysely';
import { audit } from '../audit/log.ts';
import { oversees } from '../../model/roles.ts';
import { checkRequest } from '../validate.ts';
import { COVIEW_RULE_BLIND, CoviewFromSeverity, DueAt, userIds } from './queue-input.ts';
import { checkReviewers, queueMemberIds } from './queues.ts';
import { endAssignments } from './revoke.ts';

export const QUEUE_STATES = ['open', 'paused', 'closed'] as const satisfies readonly QueueState[];

/** What a member hears who asks a queue that is not open for work. */
export const QUEUE_NOT_OPEN = {
  paused: 'The queue is paused: it hands out no new work until a coordinator reopens it.',
  closed: 'The queue is closed: it hands out no new work.'
} as const;

const QueuePatchSchema = v.pipe(
  v.strictObject(
    {
      state: v.optional(v.picklist(QUEUE_STATES, `state must be one of ${QUEUE_STATES.join(', ')}`)),
      dueAt: v.optional(DueAt),
      coviewFromSeverity: v.optional(CoviewFromSeverity),
      addMemberIds: v.optional(userIds('addMemberIds')),
      removeMemberIds: v.optional(userIds('removeMemberIds')),
      handBack: v.optional(userIds('handBack'))
    },
    'send only state, dueAt, coviewFromSeverity, addMemberIds, removeMemberIds and handBack'
  ),
  v.check((p) => Object.keys(p).length > 0, 'send at least one change')
);

export type QueuePatch = v.InferOutput<typeof QueuePatchSchema>;

export const checkQueuePatch = (body: unknown) => checkRequest(QueuePatchSchema, body);

export type PatchResult = { ok: true } | { ok: false; status: 400 | 403 | 409; error: string };

type Queue = Selectable<QueuesTable>;

/** Refusals of a hand-back, checked before anything changes. */
async function checkHandBack(db: Db, queue: Queue, ids: string[], members: Set<string>) {
  const rows = await db
    .selectFrom('assignments as a')
    .innerJoin('queue_items as qi', (j) =>
      j.onRef('qi.queue_id', '=', 'a.queue_id').onRef('qi.item_id', '=', 'a.item_id')
    )
    .select(['a.id', 'a.user_id', 'a.status', 'qi.live'])
    .where('a.queue_id', '=', queue.id)
    .where('a.id', 'in', ids)
    .execute();
  if (rows.length !== ids.length) return 'handBack names assignments that are not in this queue.';
  if (rows.some((r) => r.status !== 'skipped')) return 'Only skipped items can be handed back.';
  if (rows.some((r) => !members.has(r.user_id))) return 'The reviewer is no longer a member of this queue.';
  if (rows.some((r) => Number(r.live) >= queue.reviews_per_item))
    return 'The item already has all its reviews in progress or done.';
  return null;
}

export async function updateQueue(
  db: Db,
  dialect: Dialect,
  actor: UserRow,
  queue: Queue,
  patch: QueuePatch,
  ip: string | null
): Promise<PatchResult> {
  if (!oversees(actor)) return { ok: false, status: 403, error: 'Only coordinators manage queues.' };
  if (queue.blind === 1 && patch.coviewFromSeverity != null)
    return { ok: false, status: 400, error: COVIEW_RULE_BLIND };
  if (patch.addMemberIds) {
    const checked = await checkReviewers(db, queue.collection_id, patch.addMemberIds);
    if (!checked.ok) return { ok: false, status: 400, error: checked.error };
  }
  const members = new Set(await queueMemberIds(db, queue.id));
  for (const id of patch.addMemberIds ?? []) members.add(id);
  for (const id of patch.removeMemberIds ?? []) members.delete(id);
  if (patch.handBack) {
    const refused = await checkHandBack(db, queue, patch.handBack, members);
    if (refused) return { ok: false, status: 409, error: refused };
  }
  await db.transaction().execute(async (trx) => {
    const now = Date.now();
    const changes: Record<string, unknown> = {};
    if (patch.state !== undefined || patch.dueAt !== undefined || patch.coviewFromSeverity !== undefined) {
      await trx
        .updateTable('queues')
        .set({
          ...(patch.state !== undefined && { state: patch.state }),
          ...(patch.dueAt !== undefined && { due_at: patch.dueAt }),
          ...(patch.coviewFromSeverity !== undefined && { coview_from_severity: patch.coviewFromSeverity })
        })
        .where('id', '=', queue.id)
        .execute();
      if (patch.state !== undefined) changes.state = { from: queue.state, to: patch.state };
      if (patch.dueAt !== undefined) changes.dueAt = { from: queue.due_at, to: patch.dueAt };
      if (patch.coviewFromSeverity !== undefined)
        changes.coviewFromSeverity = { from: queue.coview_from_severity, to: patch.coviewFromSeverity };
    }
    if (patch.addMemberIds) {
      await trx
        .insertInto('queue_members')
        .values(patch.addMemberIds.map((user_id) => ({ queue_id: queue.id, user_id })))
        .onConflict((oc) => oc.columns(['queue_id', 'user_id']).doNothing())
        .execute();
      changes.added = patch.addMemberIds;
    }
    if (patch.removeMemberIds) {
      await trx
        .deleteFrom('queue_members')
        .where('queue_id', '=', queue.id)
        .where('user_id', 'in', patch.removeMemberIds)
        .execute();
      const ended = [];
      for (const userId of patch.removeMemberIds)
        ended.push(...(await endAssignments(trx, dialect, { queueId: queue.id }, userId, now)));
      changes.removed = patch.removeMemberIds;
      changes.endedAssignments = ended.map((a) => a.id);
    }
    if (patch.handBack) {
      // No item row is locked first (item-locks.ts): a skipped assignment is not live, so no claim's
      // insert waits on this change, and this transaction takes no item's row after it.
      // `finished_at` orders the reviewer's handed-back items (claims.ts takes the oldest first).
      await trx
        .updateTable('assignments')
        .set({ status: 'returned', finished_at: now })
        .where('id', 'in', patch.handBack)
        .where('status', '=', 'skipped')
        .execute();
      changes.handedBack = patch.handBack;
    }
    await audit(trx, { actorId: actor.id, action: 'queue.update', target: queue.id, details: changes, ip });
  });
  return { ok: true };
}
