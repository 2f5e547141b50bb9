import { findCollection, listMembers } from '$lib/server/collections/collections';
import { isAdmin, readOnly } from '$lib/model/roles';
import { pagesOf, recordView } from '$lib/server/evidence/items';
import { requireItem } from '$lib/server/http/guards';
import { pageStatus } from '$lib/server/transcription/status';
import { listVersions } from '$lib/server/transcription/versions';
import { getPreferences } from '$lib/server/wellbeing/settings';
import { findUser, listUsers } from '$lib/server/users/users';
import type { PageServerLoad } from './$types';

/**
 * The transcription view of one page. It shows the page image, so opening it is recorded as a view
 * like the viewer's. The names of everyone who can act on the page (members, administrators) and of
 * anyone in its status or history come along, for "approved by …" and the versions' authors.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { user, item } = await requireItem(locals, url, params.id, { layer: 'shared' });
  const db = locals.runtime.db;
  await recordView(db, item.id, user.id, 'viewer');

  const [collection, preferences, pages, members, users, status, versions] = await Promise.all([
    findCollection(db, item.collection_id),
    getPreferences(db, user.id),
    item.document_id ? pagesOf(db, item.document_id) : Promise.resolve([]),
    listMembers(db, item.collection_id),
    listUsers(db),
    pageStatus(db, item.id),
    listVersions(db, item.id)
  ]);
  const people: Record<string, string> = {};
  for (const m of members) people[m.userId] = m.name;
  for (const u of users) if (isAdmin(u)) people[u.id] = u.name;
  const involved = [status.submitted_by, status.approved_by, ...versions.flatMap((v) => v.authors)];
  for (const id of new Set(involved)) {
    if (!id || people[id]) continue;
    const found = await findUser(db, id);
    if (found) people[id] = found.name;
  }
  return {
    item: {
      id: item.id,
      originalName: item.original_name,
      kind: item.kind,
      documentId: item.document_id,
      page: item.page_index
    },
    collection: collection ? { id: collection.id, name: collection.name } : null,
    preferences,
    pages,
    people,
    readOnly: readOnly(user)
  };
};
