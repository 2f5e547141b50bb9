import { json } from '@sveltejs/kit';
import { verifiesBodyBlind } from '$lib/server/auth/access/bodies';
import { describeBody } from '$lib/server/bodies/bodies';
import { evaluationIsComplete } from '$lib/server/bodies/evaluation';
import { deleteBody, patchBody } from '$lib/server/bodies/edit';
import { checkInput, PatchBodySchema } from '$lib/server/bodies/input';
import { apiError, jsonBody, refusal, requireApiBody } from '$lib/server/http/api';
import { labelOf } from '$lib/server/wellbeing/labels';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, body, response } = await requireApiBody(locals, params.id);
  if (response) return response;
  const db = locals.runtime.db;
  const blind = await verifiesBodyBlind(db, user.id, body.id);
  const label = await labelOf(db, { kind: 'body', id: body.id });
  return json({ ...(await describeBody(db, body, user, { blind })), label });
};

/**
 * `{ items?: [{ itemId, role }] | addItemIds?, removeItemIds?, move?, branchId?, diedOn?, photographedOn?,
 * notes?, status? }` → the body; 409 when a photo belongs to another body and `move` is not set.
 */
export const PATCH: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, body, response } = await requireApiBody(locals, params.id);
  if (response) return response;
  const sent = await jsonBody(request, 'Send the changes as JSON.');
  if (!sent.ok) return sent.response;
  const input = checkInput(PatchBodySchema, sent.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const db = locals.runtime.db;
  // Decided on the live room document (evaluation.ts): the projection may trail the last keystroke.
  const evaluationComplete = () => evaluationIsComplete(db, locals.runtime.collab, body.id);
  const patched = await patchBody(db, user, body, input.value, getClientAddress(), evaluationComplete);
  if (!patched.ok) return refusal(patched);
  const { body: after } = await requireApiBody(locals, params.id);
  return json(after ? await describeBody(db, after, user) : null);
};

export const DELETE: RequestHandler = async ({ locals, params, getClientAddress }) => {
  const { user, body, response } = await requireApiBody(locals, params.id);
  if (response) return response;
  const deleted = await deleteBody(locals.runtime.db, user, body, getClientAddress());
  if (!deleted.ok) return refusal(deleted);
  return new Response(null, { status: 204 });
};
