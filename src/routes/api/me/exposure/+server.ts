import { json } from '@sveltejs/kit';
import { checkRequest } from '$lib/server/validate';
import { apiError, jsonBody, requireApiBody, requireApiItem, requireApiUser } from '$lib/server/http/api';
import { myExposure, recordExposure } from '$lib/server/wellbeing/exposure';
import { BeatSchema } from '$lib/server/wellbeing/exposure-input';
import { auditAloneExposure } from '$lib/server/wellbeing/coview-rule';
import type { CoviewSubject } from '$lib/server/wellbeing/coview';
import type { RequestHandler } from './$types';

/** The last seven UTC days of the caller's own ledger, their limit and settings. */
export const GET: RequestHandler = async ({ locals }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  return json(await myExposure(locals.runtime.db, user.id));
};

/** The collection of a beat's subject, if the caller may see it (the same answers as its own routes). */
async function subjectCollection(
  locals: App.Locals,
  subject: CoviewSubject
): Promise<{ collectionId: string; response?: never } | { collectionId?: never; response: Response }> {
  if (subject.kind === 'item') {
    const { item, response } = await requireApiItem(locals, subject.id);
    return response ? { response } : { collectionId: item.collection_id };
  }
  // Another collection's body and no such body are the same 404: a beat cannot probe body ids.
  const { body, response } = await requireApiBody(locals, subject.id);
  return response ? { response } : { collectionId: body.collection_id };
}

/**
 * A heartbeat `{ itemId, seconds }` or `{ bodyId, seconds }` → `{ credited, exposure }`; only the
 * caller's own ledger. Item and body beats share one wall-time bound (recordExposure's, per user).
 */
export const POST: RequestHandler = async ({ locals, request, getClientAddress }) => {
  const { user, response: refused } = requireApiUser(locals);
  if (refused) return refused;
  const body = await jsonBody(request, 'Send a JSON body: { "itemId" or "bodyId", "seconds" }.', 1024);
  if (!body.ok) return body.response;
  const input = checkRequest(BeatSchema, body.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const { subject, seconds } = input.value;
  const { collectionId, response } = await subjectCollection(locals, subject);
  if (response) return response;
  const db = locals.runtime.db;
  const credited = await recordExposure(db, user.id, collectionId, seconds);
  // Counted either way (the dose happened); seeing alone what a queue asks to see together is recorded.
  await auditAloneExposure(db, user.id, subject, seconds, getClientAddress());
  return json({ credited, exposure: await myExposure(db, user.id) });
};
