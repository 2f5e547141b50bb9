import { json } from '@sveltejs/kit';
import { listCollectionsFor } from '$lib/server/collections/collections';
import { apiError, requireApiUser } from '$lib/server/http/api';
import { searchPages } from '$lib/server/search/search';
import type { RequestHandler } from './$types';

/** `?q=&collection=&limit=` over the caller's collections → `{ results: [{ itemId, documentId, snippet, highlights, score }] }` */
export const GET: RequestHandler = async ({ locals, url }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const q = url.searchParams.get('q') ?? '';
  if (q.length > 500) return apiError('bad_request', 'q must be at most 500 characters.');
  const limit = Number(url.searchParams.get('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    return apiError('bad_request', 'limit must be 1–100.');
  const { db, dialect } = locals.runtime;
  let collections = (await listCollectionsFor(db, user)).map((c) => c.id);
  const only = url.searchParams.get('collection');
  if (only) {
    if (!collections.includes(only))
      return apiError('forbidden', 'You do not have access to this collection.');
    collections = [only];
  }
  const results = await searchPages(db, dialect, q, collections, limit);
  return json({
    results: results.map(({ itemId, documentId, collectionId, snippet, highlights, score }) => ({
      itemId,
      documentId,
      collectionId,
      snippet,
      highlights,
      score
    }))
  });
};
