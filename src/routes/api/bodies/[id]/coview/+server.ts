import { requireApiBody } from '$lib/server/http/api';
import { deleteCoview, getCoview, postCoview } from '$lib/server/wellbeing/coview-api';
import { coviewRequiredOnBody } from '$lib/server/wellbeing/coview-rule';
import type { RequestHandler } from './$types';

/**
 * View together on a body: its photographs on the body page (contract in coview-api.ts). Someone
 * who may not see the body gets 404 (`bodyForUser`); `layer: 'shared'` refuses (403) someone who
 * reviews any photo of the body blind, for every method here.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, body, response } = await requireApiBody(locals, params.id, { layer: 'shared' });
  if (response) return response;
  const db = locals.runtime.db;
  return getCoview(db, { kind: 'body', id: body.id }, user.id, () =>
    coviewRequiredOnBody(db, user.id, body.id)
  );
};

export const POST: RequestHandler = async ({ locals, params, request }) => {
  const { user, body, response } = await requireApiBody(locals, params.id, { layer: 'shared' });
  if (response) return response;
  const db = locals.runtime.db;
  return postCoview(db, { kind: 'body', id: body.id }, user.id, request, () =>
    coviewRequiredOnBody(db, user.id, body.id)
  );
};

export const DELETE: RequestHandler = async ({ locals, params }) => {
  const { user, body, response } = await requireApiBody(locals, params.id, { layer: 'shared' });
  if (response) return response;
  return deleteCoview(locals.runtime.db, { kind: 'body', id: body.id }, user.id);
};
