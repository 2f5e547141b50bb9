import { error } from '@sveltejs/kit';
import { readAnnotations } from '$lib/model/document-schema';
import { canAccessCollection, listMembers } from '$lib/server/collections/collections';
import { describeItem, itemForUser, recordView } from '$lib/server/evidence/items';
import { pathId, requireUser } from '$lib/server/http/guards';
import { reviewRoom } from '$lib/server/review/agreement';
import { findQueue } from '$lib/server/review/queues';
import { getPreferences } from '$lib/server/users/preferences';
import { itemReviews } from '../../../review-data.server';
import { groupFindings } from './grouping.server';
import type { PageServerLoad } from './$types';

/**
 * Adjudication of one item of a blind queue, for forensic experts and administrators, once the item
 * has all its reviews: the review layers as they were submitted, their findings grouped.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const user = requireUser(locals, url);
  const db = locals.runtime.db;
  if (user.role !== 'admin' && user.expert !== 1) error(403, 'Forensic experts only');
  const queue = await findQueue(db, pathId(params.id));
  // Adjudicators need not be the queue's reviewers: the collection's experts may adjudicate (the
  // collab server opens completed review layers to them on the same terms).
  if (!queue || queue.blind !== 1 || !(await canAccessCollection(db, user, queue.collection_id)))
    error(404, 'Not found');
  const access = await itemForUser(db, user, pathId(params.itemId));
  if (!access.ok) error(access.status, access.status === 403 ? 'Forbidden' : 'Not found');
  const reviews = await itemReviews(db, queue.id, access.item.id);
  if (reviews.length === 0) error(404, 'Not found');
  if (reviews.length < queue.reviews_per_item) error(409, 'This item does not have all its reviews yet.');
  const collab = locals.runtime.collab;
  if (!collab) error(503, 'The collaboration server is not running.');

  const layers = await Promise.all(
    reviews.map(async (r) => ({
      assignmentId: r.assignmentId,
      records: readAnnotations(await collab.read(reviewRoom(access.item.id, r.assignmentId)))
    }))
  );
  await recordView(db, access.item.id, user.id, 'viewer');
  const [preferences, members] = await Promise.all([
    getPreferences(db, user.id),
    listMembers(db, access.item.collection_id)
  ]);
  return {
    queue: { id: queue.id, name: queue.name, task: queue.task },
    item: describeItem(access.item, url.origin),
    reviews: reviews.map((r) => ({
      assignmentId: r.assignmentId,
      name: r.name,
      room: reviewRoom(access.item.id, r.assignmentId)
    })),
    // What the layers held when the page was made; the page then follows the rooms themselves.
    layers,
    groups: groupFindings(layers),
    preferences,
    people: Object.fromEntries(members.map((m) => [m.userId, m.name])) as Record<string, string>,
    me: { id: user.id, name: user.name, expert: user.expert === 1 }
  };
};
