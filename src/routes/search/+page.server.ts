import { listCollectionsFor } from '$lib/server/collections/collections';
import { requireUser } from '$lib/server/http/guards';
import { MATCH_KINDS, type MatchKind, type SearchHit } from '$lib/server/search/results';
import type { PageServerLoad } from './$types';

/**
 * Search over `GET /api/search` (the same ranking, normalisation and access rules). The query lives
 * in the URL: results can be shared and reloaded, and the form works without JavaScript.
 */
export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const user = requireUser(locals, url);
  const db = locals.runtime.db;
  const q = (url.searchParams.get('q') ?? '').slice(0, 500);
  const collection = url.searchParams.get('collection') ?? '';
  const inKind = url.searchParams.get('in') ?? '';
  const kind = MATCH_KINDS.includes(inKind as MatchKind) ? inKind : '';
  const collections = (await listCollectionsFor(db, user)).map((c) => ({ id: c.id, name: c.name }));
  const base = { q, collection, kind, kinds: MATCH_KINDS, collections };
  if (!q.trim()) return { ...base, results: null, error: null };

  const params = new URLSearchParams({ q });
  if (collection) params.set('collection', collection);
  if (kind) params.set('in', kind);
  const res = await fetch(`/api/search?${params}`);
  const body = (await res.json().catch(() => null)) as {
    results?: SearchHit[];
    error?: { message?: string };
  } | null;
  if (!res.ok || !body?.results)
    return { ...base, results: null, error: body?.error?.message ?? res.statusText };
  const results = body.results.map((r) => ({
    ...r,
    collectionName: collections.find((c) => c.id === r.collectionId)?.name ?? null
  }));
  return { ...base, results, error: null };
};
