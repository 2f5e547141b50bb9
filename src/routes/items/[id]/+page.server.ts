import { findCollection, listMembers } from '$lib/server/collections/collections';
import { oversees } from '$lib/model/roles';
import { bodyOfItem } from '$lib/server/bodies/page';
import { describeItem, listViews, pagesOf, recordView } from '$lib/server/evidence/items';
import { requireItem } from '$lib/server/http/guards';
import { getPreferences } from '$lib/server/wellbeing/settings';
import { findUser } from '$lib/server/users/users';
import { descriptionView } from '$lib/server/wellbeing/description-view';
import { effectiveLabel, labelOf } from '$lib/server/wellbeing/labels';
import type { PageServerLoad } from './$types';

/**
 * The viewer. Every opening of an item is recorded as a view (links to items do not preload, so a
 * load here is an opening); coordinators and administrators see who viewed it.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { user, item } = await requireItem(locals, url, params.id, { layer: 'shared' });
  const db = locals.runtime.db;
  await recordView(db, item.id, user.id, 'viewer');

  const [collection, preferences, pages, ingester, views, members, body, label, ownLabel, description] =
    await Promise.all([
      findCollection(db, item.collection_id),
      getPreferences(db, user.id),
      item.document_id ? pagesOf(db, item.document_id) : Promise.resolve([]),
      item.ingested_by.startsWith('cli:') ? Promise.resolve(undefined) : findUser(db, item.ingested_by),
      oversees(user) ? listViews(db, item.id) : Promise.resolve(null),
      listMembers(db, item.collection_id),
      bodyOfItem(db, item.id),
      effectiveLabel(db, item.id),
      labelOf(db, { kind: 'item', id: item.id }),
      // The page opens only outside blind review (`layer: 'shared'` above), so the description may show.
      descriptionView(db, user, { kind: 'item', id: item.id }, false)
    ]);
  return {
    item: describeItem(item, url.origin),
    collection: collection ? { id: collection.id, name: collection.name } : null,
    ingestedBy: ingester ? ingester.name : { cli: item.ingested_by.slice(4) },
    preferences,
    pages,
    views,
    body,
    label,
    ownLabel,
    description: description.description,
    describe: description,
    // Names of the annotation authors and of who is present (ids only travel in the document).
    people: Object.fromEntries(members.map((m) => [m.userId, m.name])) as Record<string, string>,
    me: { id: user.id, name: user.name, role: user.role, expert: user.expert === 1 }
  };
};
