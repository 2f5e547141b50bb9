import { json } from '@sveltejs/kit';
import { checkRequest } from '$lib/server/validate';
import { apiError, jsonBody, requireApiItem, requireApiUser } from '$lib/server/http/api';
import { myExposure, recordExposure } from '$lib/server/wellbeing/exposure';
import { BeatSchema } from '$lib/server/wellbeing/exposure-input';
import { auditAloneExposure } from '$lib/server/wellbeing/coview-rule';
import type { RequestHandler } from './$types';

/** The last seven UTC days of the caller's own ledger, their limit and settings. */
export const GET: RequestHandler = async ({ locals }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  return json(await myExposure(locals.runtime.db, user.id));
};

/** A heartbeat `{ itemId, seconds }` → `{ credited, exposure }`; only the caller's own ledger. */
export const POST: RequestHandler = async ({ locals, request, getClientAddress }) => {
  const { response: refused } = requireApiUser(locals);
  if (refused) return refused;
  const body = await jsonBody(request, 'Send a JSON body: { "itemId", "seconds" }.', 1024);
  if (!body.ok) return body.response;
  const input = checkRequest(BeatSchema, body.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const { user, item, response } = await requireApiItem(locals, input.value.itemId);
  if (response) return response;
  const db = locals.runtime.db;
  const credited = await recordExposure(db, user.id, item.collection_id, input.value.seconds);
  // Counted either way (the dose happened); seeing alone what a queue asks to see together is recorded.
  await auditAloneExposure(db, user.id, item.id, input.value.seconds, getClientAddress());
  return json({ credited, exposure: await myExposure(db, user.id) });
};
