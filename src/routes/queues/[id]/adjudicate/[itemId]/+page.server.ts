import { error } from '@sveltejs/kit';
import { readsBlindLayer } from '$lib/server/auth/access/blind';
import { selfAdjudication } from '$lib/server/auth/access/queues';
import { listMembers } from '$lib/server/collections/collections';
import { describeItem, recordView } from '$lib/server/evidence/items';
import { requireAdjudication, requireItem } from '$lib/server/http/guards';
import { itemReviews, reviewLayers } from '$lib/server/review/adjudication';
import { reviewRoom } from '$lib/server/review/agreement';
import { getPreferences } from '$lib/server/wellbeing/settings';
import type { PageServerLoad } from './$types';

/**
 * Adjudication of one item of a blind queue, for its collection's adjudicators (experts,
 * coordinators, admins), once the item has all its reviews: the review layers as they were
 * submitted, their findings grouped. One of the item's reviewers is warned, or refused where the
 * queue forbids self-adjudication.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  // Adjudicators need not be the queue's reviewers: the collection's experts may adjudicate, and
  // the layers open to them on the collab server's terms (auth/access/blind.ts readsBlindLayer).
  const { user, queue } = await requireAdjudication(locals, url, params.id);
  const { item } = await requireItem(locals, url, params.itemId);
  const db = locals.runtime.db;
  const reviews = await itemReviews(db, queue.id, item.id);
  if (reviews.length === 0) error(404, 'Not found');
  const complete = reviews.length >= queue.reviews_per_item;
  if (!complete) error(409, 'This item does not have all its reviews yet.');
  // The page reads the blind layers itself: on exactly the terms the collab server opens them.
  if (!readsBlindLayer(user, complete)) error(403, 'Forbidden');
  const self = selfAdjudication(
    queue,
    reviews.map((r) => r.userId),
    user.id
  );
  if (self === 'forbid') error(403, 'You reviewed this item: this queue has it adjudicated by someone else.');
  const collab = locals.runtime.collab;
  if (!collab) error(503, 'The collaboration server is not running.');

  const { layers, groups } = await reviewLayers((room) => collab.read(room), item.id, reviews);
  await recordView(db, item.id, user.id, 'viewer');
  const [preferences, members] = await Promise.all([
    getPreferences(db, user.id),
    listMembers(db, item.collection_id)
  ]);
  return {
    queue: { id: queue.id, name: queue.name, task: queue.task },
    item: describeItem(item, url.origin),
    reviews: reviews.map((r) => ({
      assignmentId: r.assignmentId,
      name: r.name,
      room: reviewRoom(item.id, r.assignmentId)
    })),
    // What the layers held when the page was made; the page then follows the rooms themselves.
    layers,
    groups,
    preferences,
    people: Object.fromEntries(members.map((m) => [m.userId, m.name])) as Record<string, string>,
    me: { id: user.id, name: user.name, expert: user.expert === 1 },
    selfReviewed: self === 'warn'
  };
};
