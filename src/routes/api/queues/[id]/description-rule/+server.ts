import { json } from '@sveltejs/kit';
import { oversees } from '$lib/model/roles';
import { queueForUser } from '$lib/server/auth/access/queues';
import { apiError, jsonBody, requireApiUser } from '$lib/server/http/api';
import { requiresDescription, setRequiresDescription } from '$lib/server/wellbeing/descriptions';
import type { RequestHandler } from './$types';

/** → `{ required }`: must an item be described before its review is submitted? */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const access = await queueForUser(locals.runtime.db, user, params.id);
  if (!access.ok) return apiError('not_found', 'No such queue.');
  return json({ required: await requiresDescription(locals.runtime.db, access.queue.id) });
};

/** Coordinators and admins of the queue's collection: `{ required: boolean }`. */
export const PUT: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const db = locals.runtime.db;
  const access = await queueForUser(db, user, params.id);
  if (!access.ok) return apiError('not_found', 'No such queue.');
  if (!oversees(user)) return apiError('forbidden', 'Only coordinators set what a queue requires.');
  const sent = await jsonBody(request, 'Send { "required": true | false }.');
  if (!sent.ok) return sent.response;
  const required = (sent.value as Record<string, unknown> | null)?.required;
  if (typeof required !== 'boolean') return apiError('bad_request', 'required must be true or false');
  await setRequiresDescription(db, user.id, access.queue.id, required, getClientAddress());
  return json({ required });
};
