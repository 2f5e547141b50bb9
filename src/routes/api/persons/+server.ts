import { json } from '@sveltejs/kit';
import { readOnly } from '$lib/model/roles';
import { apiError, jsonBody, requireApiCollection } from '$lib/server/http/api';
import { searchRegister } from '$lib/server/persons/candidates';
import { NewPersonSchema } from '$lib/server/persons/input';
import { createPerson, listPersons } from '$lib/server/persons/register';
import { checkRequest } from '$lib/server/validate';
import type { RequestHandler } from './$types';

/** `{ collectionId, name, nameParts?, nameLatin?, … }` → 201 `{ id }`. Observers write nothing. */
export const POST: RequestHandler = async ({ locals, request, getClientAddress }) => {
  const body = await jsonBody(request, 'Send the person as JSON: { collectionId, name, nameParts?, … }.');
  if (!body.ok) return body.response;
  const input = checkRequest(NewPersonSchema, body.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const { user, response } = await requireApiCollection(locals, input.value.collectionId);
  if (response) return response;
  if (readOnly(user)) return apiError('forbidden', 'Observers cannot add persons to the register.');
  const { id } = await createPerson(locals.runtime.db, user.id, input.value, getClientAddress());
  return json({ id }, { status: 201 });
};

/** `?collection=<id>[&q=<name or number>]`: the register, or the persons a name or number finds. */
export const GET: RequestHandler = async ({ locals, url }) => {
  const collectionId = url.searchParams.get('collection') ?? '';
  const { response } = await requireApiCollection(locals, collectionId);
  if (response) return response;
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 300);
  const db = locals.runtime.db;
  return json({
    persons: q ? await searchRegister(db, collectionId, q) : await listPersons(db, collectionId)
  });
};
