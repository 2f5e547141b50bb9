import { json } from '@sveltejs/kit';
import { oversees } from '$lib/model/roles';
import { queueForUser } from '$lib/server/auth/access/queues';
import { apiError, jsonBody, requireApiUser } from '$lib/server/http/api';
import { checkQueuePatch, updateQueue } from '$lib/server/review/manage';
import { queueAgreement } from '$lib/server/review/agreement';
import { queueProgress } from '$lib/server/review/progress';
import { describeQueue, findQueue } from '$lib/server/review/queues';
import { queueLabelSummary } from '$lib/server/wellbeing/labels';
import type { RequestHandler } from './$types';

/** The queue, its progress (per reviewer, throughput) and its agreement (blind queues). */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const db = locals.runtime.db;
  const access = await queueForUser(db, user, params.id);
  if (!access.ok) return apiError('not_found', 'No such queue.');
  const { queue } = access;
  return json({
    ...describeQueue(queue),
    collectionId: queue.collection_id,
    progress: await queueProgress(db, queue.id, queue.reviews_per_item),
    // "This queue contains …": what a reviewer is about to see, before claiming (wellbeing/labels.ts).
    contents: await queueLabelSummary(db, queue.id),
    // Agreement compares reviewers: coordinators see it; in a blind queue nobody else needs it.
    agreement:
      oversees(user) && queue.blind === 1 ? await queueAgreement(db, locals.runtime.collab, queue) : null
  });
};

/**
 * Coordinators and admins of the queue's collection: `{ state?, dueAt?, coviewFromSeverity?, addMemberIds?,
 * removeMemberIds?, handBack? }` → the queue as GET shows it (review/manage.ts).
 */
export const PATCH: RequestHandler = async ({ request, locals, params, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const { db, dialect } = locals.runtime;
  const access = await queueForUser(db, user, params.id);
  if (!access.ok) return apiError('not_found', 'No such queue.');
  if (!oversees(user)) return apiError('forbidden', 'Only coordinators manage queues.');
  const body = await jsonBody(
    request,
    'Send a JSON body: { "state", "dueAt", "coviewFromSeverity", "addMemberIds", "removeMemberIds", "handBack" }.'
  );
  if (!body.ok) return body.response;
  const patch = checkQueuePatch(body.value);
  if (!patch.ok) return apiError('bad_request', patch.error);
  const result = await updateQueue(db, dialect, user, access.queue, patch.value, getClientAddress());
  if (!result.ok)
    return apiError(
      result.status === 400 ? 'bad_request' : result.status === 403 ? 'forbidden' : 'conflict',
      result.error
    );
  const queue = await findQueue(db, access.queue.id);
  return json(queue ? { ...describeQueue(queue), collectionId: queue.collection_id } : null);
};
