import { error } from '@sveltejs/kit';
import { canAccessCollection, findCollection } from '$lib/server/collections/collections';
import { requireUser } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

/** The upload page; the upload endpoint itself checks the same rules again for every file. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const user = requireUser(locals, url);
  if (user.role !== 'admin' && user.role !== 'coordinator') error(403, 'Coordinators only');
  const db = locals.runtime.db;
  const collection = await findCollection(db, params.id);
  if (!collection) error(404, 'Not found');
  if (!(await canAccessCollection(db, user, collection.id))) error(403, 'Forbidden');
  return { collection: { id: collection.id, name: collection.name } };
};
