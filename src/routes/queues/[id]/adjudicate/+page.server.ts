import { error } from '@sveltejs/kit';
import { canAccessCollection } from '$lib/server/collections/collections';
import { pathId, requireUser } from '$lib/server/http/guards';
import { findQueue } from '$lib/server/review/queues';
import { completeItems } from '../../review-data.server';
import type { PageServerLoad } from './$types';

/** The items of a blind queue that have all their reviews, for the collection's experts and admins. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const user = requireUser(locals, url);
  const db = locals.runtime.db;
  if (user.role !== 'admin' && user.expert !== 1) error(403, 'Forensic experts only');
  const queue = await findQueue(db, pathId(params.id));
  if (!queue || queue.blind !== 1 || !(await canAccessCollection(db, user, queue.collection_id)))
    error(404, 'Not found');
  return {
    queue: { id: queue.id, name: queue.name, task: queue.task, reviewsPerItem: queue.reviews_per_item },
    items: await completeItems(db, queue.id, queue.reviews_per_item)
  };
};
