import { json } from '@sveltejs/kit';
import { apiError, requireApiCollection } from '$lib/server/http/api';
import { CANDIDATES_MAX, findCandidates } from '$lib/server/persons/candidates';
import { reasonText } from '$lib/model/names/reasons';
import type { RequestHandler } from './$types';

/** `?collection=<id>&name=<Arabic or Latin>[&limit=10]` → `{ candidates }`, best first, with reasons. */
export const GET: RequestHandler = async ({ locals, url }) => {
  const collectionId = url.searchParams.get('collection') ?? '';
  const { response } = await requireApiCollection(locals, collectionId);
  if (response) return response;
  const name = (url.searchParams.get('name') ?? '').trim();
  if (!name || name.length > 300) return apiError('bad_request', 'name must be text of 1–300 characters.');
  const limitText = url.searchParams.get('limit') ?? '10';
  const limit = /^\d{1,3}$/.test(limitText) ? Number(limitText) : NaN;
  if (!(limit >= 1 && limit <= CANDIDATES_MAX))
    return apiError('bad_request', `limit must be a whole number from 1 to ${CANDIDATES_MAX}.`);
  const candidates = await findCandidates(locals.runtime.db, collectionId, name, limit);
  return json({
    candidates: candidates.map((c) => ({
      personId: c.personId,
      name: c.name,
      score: c.score,
      band: c.band,
      reasons: c.reasons.map((r) => reasonText(locals.locale, r)),
      explain: c.reasons
    }))
  });
};
