import { json } from '@sveltejs/kit';
import { enterIdentifier } from '$lib/server/bodies/identifiers';
import { checkInput, IdentifierEntrySchema } from '$lib/server/bodies/input';
import { apiError, jsonBody, refusal, requireApiBody } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/**
 * `{ kind, value, identifierId?, itemId?, region? }` → `{ identifierId, status, outcome }`: one person's
 * transcription; a second equal one by another person verifies, a different one disputes.
 */
export const POST: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, body, response } = await requireApiBody(locals, params.id);
  if (response) return response;
  const sent = await jsonBody(request, 'Send { kind, value } as JSON.');
  if (!sent.ok) return sent.response;
  const input = checkInput(IdentifierEntrySchema, sent.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const entered = await enterIdentifier(
    locals.runtime.db,
    user,
    body,
    input.value,
    'api',
    getClientAddress()
  );
  if (!entered.ok) return refusal(entered);
  const { identifierId, status, outcome } = entered;
  return json({ identifierId, status, outcome }, { status: outcome === 'created' ? 201 : 200 });
};
