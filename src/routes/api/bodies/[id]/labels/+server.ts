import { json } from '@sveltejs/kit';
import { requireApiBody } from '$lib/server/http/api';
import { putLabel } from '$lib/server/wellbeing/label-api';
import { labelOf } from '$lib/server/wellbeing/labels';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
  const { body, response } = await requireApiBody(locals, params.id);
  if (response) return response;
  return json(await labelOf(locals.runtime.db, { kind: 'body', id: body.id }));
};

/** `{ severity: 1 | 2 | 3 | null, tags: [...] }` → the stored label; it applies to each of the body's photos. */
export const PUT: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, body, response } = await requireApiBody(locals, params.id);
  if (response) return response;
  return putLabel(locals, user, { kind: 'body', id: body.id }, request, getClientAddress());
};
