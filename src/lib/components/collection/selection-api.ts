/** The grid selection's calls to the API. */
import { tApiError } from '$lib/i18n/t.svelte';
import type { CardItem } from '$lib/components/item-types';

/** The message of an API error (`{ error: { message } }`), or the status. */
export async function apiMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string };
  } | null;
  return tApiError(response.status, body?.error);
}

/** The ids of every ready item matching the grid's filter, page by page, up to `max`. */
export async function selectAllMatching(collectionId: string, query: string, max: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const params = new URLSearchParams([...new URLSearchParams(query), ['limit', '200']]);
    if (cursor) params.set('cursor', cursor);
    const response = await fetch(`/api/collections/${collectionId}/items?${params}`);
    if (!response.ok) throw new Error(await apiMessage(response));
    const page = (await response.json()) as { items: CardItem[]; nextCursor: string | null };
    for (const item of page.items) if (item.status === 'ready') ids.push(item.id);
    cursor = page.nextCursor;
  } while (cursor && ids.length < max);
  return ids.slice(0, max);
}
