import { json } from '@sveltejs/kit';
import { BODY_LIMITS } from '$lib/server/http/body-limits';
import { apiError, jsonBody, requireApiUser } from '$lib/server/http/api';
import { checkQueueInput, createQueue, findQueue, queuesFor } from '$lib/server/review/queues';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  return json(await queuesFor(locals.runtime.db, user));
};

/**
 * `{ collectionId, name, task, itemIds?, filter?, reviewsPerItem, blind, forbidSelfAdjudication?,
 * sharedFindingsConfirmed?, memberIds, dueAt?, contentNote? }` → the queue (409 `conflict`: a blind
 * queue whose items already have shared findings, until confirmed)
 */
export const POST: RequestHandler = async ({ locals, request, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const body = await jsonBody(request, 'Send the queue as JSON.', BODY_LIMITS.queue);
  if (!body.ok) return body.response;
  const input = checkQueueInput(body.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const created = await createQueue(locals.runtime.db, user, input.value, getClientAddress());
  if (!created.ok)
    return apiError(
      ({ 403: 'forbidden', 404: 'not_found', 409: 'conflict', 400: 'bad_request' } as const)[created.status],
      created.error
    );
  const queue = await findQueue(locals.runtime.db, created.id);
  return json(
    {
      id: created.id,
      name: queue?.name,
      task: queue?.task,
      reviewsPerItem: queue?.reviews_per_item,
      blind: queue?.blind === 1,
      forbidSelfAdjudication: queue?.forbid_self_adjudication === 1
    },
    { status: 201 }
  );
};
