import { json } from '@sveltejs/kit';
import { readOnly } from '$lib/model/roles';
import { bodyForUser } from '$lib/server/auth/access/bodies';
import { personForUser } from '$lib/server/auth/access/persons';
import { apiError, jsonBody, refusal, requireApiUser } from '$lib/server/http/api';
import { normalizeIdentifier } from '$lib/model/identifiers';
import { ProposeSchema } from '$lib/server/persons/identification-input';
import { bodyByIdentifier, proposeIdentification } from '$lib/server/persons/identifications';
import { checkRequest } from '$lib/server/validate';
import type { RequestHandler } from './$types';

/** `{ personId, bodyId | identifier, note? }` → 201 `{ id, status: 'proposed' }`. */
export const POST: RequestHandler = async ({ locals, request, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const body = await jsonBody(request, 'Send { personId, bodyId (or identifier), note? } as JSON.');
  if (!body.ok) return body.response;
  const input = checkRequest(ProposeSchema, body.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const db = locals.runtime.db;
  const person = await personForUser(db, user, input.value.personId);
  if (!person.ok) return apiError('not_found', 'No such person.');
  if (readOnly(user)) return apiError('forbidden', 'Observers cannot propose identifications.');
  let bodyId = input.value.bodyId;
  if (bodyId === undefined) {
    const found = await bodyByIdentifier(
      db,
      person.person.collection_id,
      normalizeIdentifier(input.value.identifier ?? '')
    );
    if (!found.ok) return refusal(found);
    bodyId = found.bodyId;
  }
  const found = await bodyForUser(db, user, bodyId);
  if (!found.ok) return apiError('not_found', 'No such body.');
  const made = await proposeIdentification(
    db,
    user,
    { person: person.person, body: found.body, note: input.value.note },
    getClientAddress()
  );
  if (!made.ok) return refusal(made);
  return json({ id: made.id, status: 'proposed' }, { status: 201 });
};
