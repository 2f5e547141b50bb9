import { listCollectionsFor } from '$lib/server/collections/collections';
import { itemForUser } from '$lib/server/auth/permissions';
import { requireUser } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

type ApiResult = {
  itemId: string;
  documentId: string | null;
  collectionId: string;
  snippet: string;
  highlights: Array<[number, number]>;
  score: number;
};

/**
 * Search over `GET /api/search` (the same ranking, normalisation and access rules), with each hit's
 * item name and page number added for display. The query lives in the URL: results can be shared
 * and reloaded, and the form works without JavaScript.
 */
export const load: PageServerLoad = async ({ locals, url, fetch }) => {
  const user = requireUser(locals, url);
  const db = locals.runtime.db;
  const q = (url.searchParams.get('q') ?? '').slice(0, 500);
  const collection = url.searchParams.get('collection') ?? '';
  const collections = (await listCollectionsFor(db, user)).map((c) => ({ id: c.id, name: c.name }));
  if (!q.trim()) return { q, collection, collections, results: null, error: null };

  const params = new URLSearchParams({ q });
  if (collection) params.set('collection', collection);
  const res = await fetch(`/api/search?${params}`);
  const body = (await res.json().catch(() => null)) as {
    results?: ApiResult[];
    error?: { message?: string };
  } | null;
  if (!res.ok || !body?.results)
    return { q, collection, collections, results: null, error: body?.error?.message ?? res.statusText };

  const results = await Promise.all(
    body.results.map(async (r) => {
      const found = await itemForUser(db, user, r.itemId);
      return {
        ...r,
        name: found.ok ? found.item.original_name : null,
        page: found.ok ? found.item.page_index : null,
        collectionName: collections.find((c) => c.id === r.collectionId)?.name ?? null
      };
    })
  );
  return { q, collection, collections, results, error: null };
};
