import { json } from '@sveltejs/kit';
import { verifiesBlindIn } from '$lib/server/auth/access/bodies';
import { collectionForUser, itemForUser } from '$lib/server/auth/access/collections';
import { findBodies } from '$lib/server/bodies/search';
import { IDENTIFIER_MAX } from '$lib/model/identifiers';
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

/**
 * `GET /api/bodies?collection=<id>[&identifier=<text>]` → `{ bodies }`: the collection's bodies, or
 * those with that identifier in any digit form; `GET /api/bodies?item=<id>` → the body of that photo
 * (`[]` when it has none). A collection or item the caller does not see is a 404.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const db = locals.runtime.db;
  const itemId = url.searchParams.get('item');
  if (itemId !== null) {
    const item = await itemForUser(db, user, itemId);
    if (!item.ok) return apiError('not_found', 'No such item.');
    return json({ bodies: await findBodies(db, item.item.collection_id, { itemId }) });
  }
  const access = await collectionForUser(db, user, url.searchParams.get('collection') ?? '');
  if (!access.ok) return apiError('not_found', 'No such collection.');
  const identifier = url.searchParams.get('identifier') ?? undefined;
  if (identifier !== undefined && (identifier.trim() === '' || identifier.length > IDENTIFIER_MAX))
    return apiError('bad_request', `identifier must be 1–${IDENTIFIER_MAX} characters`);
  const verifiedOnly = identifier !== undefined && (await verifiesBlindIn(db, user.id, access.collection.id));
  return json({ bodies: await findBodies(db, access.collection.id, { identifier, verifiedOnly }) });
};
