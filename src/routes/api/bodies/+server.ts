import { json } from '@sveltejs/kit';
import { createBody } from '$lib/server/bodies/bodies';
import { checkInput, CreateBodySchema } from '$lib/server/bodies/input';
import { apiError, jsonBody, refusal, requireApiUser } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** `{ collectionId, itemIds, identifiers?: [{ kind, value }] }` → 201 `{ id }`; 409 when a photo is in another body. */
export const POST: RequestHandler = async ({ locals, request, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const body = await jsonBody(request, 'Send the body as JSON: { collectionId, itemIds, identifiers? }.');
  if (!body.ok) return body.response;
  const input = checkInput(CreateBodySchema, body.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const created = await createBody(locals.runtime.db, user, input.value, getClientAddress());
  if (!created.ok) return refusal(created);
  return json({ id: created.id }, { status: 201 });
};
