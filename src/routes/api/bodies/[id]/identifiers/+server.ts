import { json } from '@sveltejs/kit';
import { verifiesBodyBlind } from '$lib/server/auth/access/bodies';
import { enterIdentifier } from '$lib/server/bodies/identifiers';
import { checkInput, IdentifierEntrySchema } from '$lib/server/bodies/input';
import { proposeFromNumbers } from '$lib/server/persons/identifications';
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
  const db = locals.runtime.db;
  // Entered from a verify assignment on one of the body's photos: a blind, independent reading.
  const via = (await verifiesBodyBlind(db, user.id, body.id)) ? 'verify' : 'api';
  const entered = await enterIdentifier(db, user, body, input.value, via, getClientAddress());
  if (!entered.ok) return refusal(entered);
  const { identifierId, status, outcome } = entered;
  // A number now verified may equal a detainee number of a person: propose (never confirm) it.
  if (status === 'verified') await proposeFromNumbers(db, body.collection_id);
  return json({ identifierId, status, outcome }, { status: outcome === 'created' ? 201 : 200 });
};
