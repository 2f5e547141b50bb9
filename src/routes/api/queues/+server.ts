import { json } from '@sveltejs/kit';
import { apiError, readJson, requireApiUser } from '$lib/server/http/api';
import { checkQueueInput, createQueue, findQueue, queuesFor } from '$lib/server/review/queues';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  return json(await queuesFor(locals.runtime.db, user));
};

/** `{ collectionId, name, task, itemIds?, filter?, reviewsPerItem, blind, memberIds, dueAt?, contentNote? }` → the queue */
export const POST: RequestHandler = async ({ locals, request, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  let body: unknown;
  try {
    body = await readJson(request, 4 * 1024 * 1024);
  } catch {
    return apiError('bad_request', 'Send the queue as JSON.');
  }
  const input = checkQueueInput(body);
  if (!input.ok) return apiError('bad_request', input.error);
  const created = await createQueue(locals.runtime.db, user, input.value, getClientAddress());
  if (!created.ok)
    return apiError(
      created.status === 403 ? 'forbidden' : created.status === 404 ? 'not_found' : 'bad_request',
      created.error
    );
  const queue = await findQueue(locals.runtime.db, created.id);
  return json(
    {
      id: created.id,
      name: queue?.name,
      task: queue?.task,
      reviewsPerItem: queue?.reviews_per_item,
      blind: queue?.blind === 1
    },
    { status: 201 }
  );
};
