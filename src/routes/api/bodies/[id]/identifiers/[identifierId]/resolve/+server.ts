import { json } from '@sveltejs/kit';
import { resolveIdentifier } from '$lib/server/bodies/identifiers';
import { checkInput, ResolveSchema } from '$lib/server/bodies/input';
import { proposeFromNumbers } from '$lib/server/persons/identifications';
import { apiError, jsonBody, refusal, requireApiBody } from '$lib/server/http/api';
import { isId } from '$lib/server/validate';
import type { RequestHandler } from './$types';

/** `{ value }`: an adjudicator settles a disputed identifier → `{ status: 'verified' }`. */
export const POST: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, body, response } = await requireApiBody(locals, params.id);
  if (response) return response;
  if (!isId(params.identifierId)) return apiError('not_found', 'No such identifier on this body.');
  const sent = await jsonBody(request, 'Send { value } as JSON.');
  if (!sent.ok) return sent.response;
  const input = checkInput(ResolveSchema, sent.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const db = locals.runtime.db;
  const resolved = await resolveIdentifier(
    db,
    user,
    body,
    params.identifierId,
    input.value.value,
    getClientAddress()
  );
  if (!resolved.ok) return refusal(resolved);
  // A number now verified may equal a detainee number of a person: propose (never confirm) it.
  await proposeFromNumbers(db, body.collection_id);
  return json({ status: resolved.status });
};
