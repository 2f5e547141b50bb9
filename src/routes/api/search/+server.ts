import { json } from '@sveltejs/kit';
import { listCollectionsFor } from '$lib/server/collections/collections';
import { apiError, requireApiUser } from '$lib/server/http/api';
import { MATCH_KINDS, searchArchive, type MatchKind } from '$lib/server/search/results';
import type { RequestHandler } from './$types';

/**
 * `?q=&collection=&in=&limit=` over the caller's collections → `{ results: [{ matched, itemId,
 * bodyId, itemName, documentId, documentTitle, page, snippet, highlights, finding, link, … }] }`.
 * `in`: a comma-separated subset of transcription, finding, name, identifier (default: all);
 * `limit` applies to each kind.
 */
export const GET: RequestHandler = async ({ locals, url }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const q = url.searchParams.get('q') ?? '';
  if (q.length > 500) return apiError('bad_request', 'q must be at most 500 characters.');
  const limit = Number(url.searchParams.get('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    return apiError('bad_request', 'limit must be 1–100.');
  const kinds = (url.searchParams.get('in') ?? MATCH_KINDS.join(',')).split(',').filter(Boolean);
  if (kinds.length === 0 || kinds.some((k) => !MATCH_KINDS.includes(k as MatchKind)))
    return apiError('bad_request', `in must list some of: ${MATCH_KINDS.join(', ')}.`);
  const { db, dialect } = locals.runtime;
  let collections = (await listCollectionsFor(db, user)).map((c) => c.id);
  const only = url.searchParams.get('collection');
  if (only) {
    if (!collections.includes(only))
      return apiError('forbidden', 'You do not have access to this collection.');
    collections = [only];
  }
  const results = await searchArchive(db, dialect, user, q, collections, kinds as MatchKind[], limit);
  return json({ results });
};
