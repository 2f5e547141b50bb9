import { error } from '@sveltejs/kit';
import { oversees, readOnly } from '$lib/model/roles';
import { bodyCounts } from '$lib/server/bodies/counts';
import { findingAuthors } from '$lib/server/evidence/finding-filter';
import { ITEM_FILTER_KEYS, parseItemQuery } from '$lib/server/evidence/item-query';
import { collectionCounts, encodeCursor, listItems } from '$lib/server/evidence/items';
import { requireCollection } from '$lib/server/http/guards';
import { getPreferences } from '$lib/server/wellbeing/settings';
import { withLabels } from '$lib/server/wellbeing/labels';
import type { PageServerLoad } from './$types';

const FIRST_PAGE = 60;

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { user, collection } = await requireCollection(locals, url, params.id);
  const db = locals.runtime.db;
  // Only the filters travel in the page's URL; paging is the grid's business (cursor via the API).
  const filterParams = new URLSearchParams();
  for (const key of ITEM_FILTER_KEYS) {
    const value = url.searchParams.get(key);
    if (value) filterParams.set(key, value);
  }
  const query = parseItemQuery(filterParams, oversees(user));
  if ('error' in query) error(400, query.error);

  const [counts, bodies, first, preferences, reviewers] = await Promise.all([
    collectionCounts(db, collection.id),
    bodyCounts(db, collection.id),
    listItems(db, collection.id, query.filter, FIRST_PAGE, null, user.id),
    getPreferences(db, user.id),
    findingAuthors(db, collection.id, user.id)
  ]);
  return {
    collection: { id: collection.id, name: collection.name },
    counts,
    bodies,
    groupsBodies: !readOnly(user),
    items: await withLabels(db, first.items),
    nextCursor: first.next ? encodeCursor(first.next) : null,
    query: filterParams.toString(),
    filters: Object.fromEntries(ITEM_FILTER_KEYS.map((key) => [key, filterParams.get(key) ?? ''])) as Record<
      (typeof ITEM_FILTER_KEYS)[number],
      string
    >,
    reviewers,
    oversees: oversees(user),
    writes: !readOnly(user),
    preferences
  };
};
