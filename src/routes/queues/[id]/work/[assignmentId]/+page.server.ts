import { error } from '@sveltejs/kit';
import { itemRoom } from '$lib/model/rooms';
import { listMembers } from '$lib/server/collections/collections';
import { describeItem, recordView } from '$lib/server/evidence/items';
import { pathId, requireItem, requireUser } from '$lib/server/http/guards';
import { findAssignment } from '$lib/server/review/adjudication';
import { reviewRoom } from '$lib/server/review/agreement';
import { describeQueue, findQueue } from '$lib/server/review/queues';
import { blindOn } from '$lib/server/auth/access/blind';
import { descriptionView } from '$lib/server/wellbeing/description-view';
import { effectiveLabel } from '$lib/server/wellbeing/labels';
import { getPreferences } from '$lib/server/wellbeing/settings';
import type { PageServerLoad } from './$types';

/**
 * One review slot at work. Only its reviewer opens it: anyone else gets the same 404 as for an
 * assignment that does not exist, so a blind layer's address reveals nothing.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const user = requireUser(locals, url);
  const db = locals.runtime.db;
  const queue = await findQueue(db, pathId(params.id));
  const assignment = await findAssignment(db, pathId(params.assignmentId));
  if (!queue || !assignment || assignment.queueId !== queue.id || assignment.userId !== user.id)
    error(404, 'Not found');
  const { item } = await requireItem(locals, url, assignment.itemId);
  await recordView(db, item.id, user.id, 'viewer');
  // Why: the description is decided here, not hidden in the page, so that a blind reviewer's page
  // data never carries a colleague's text (nor who wrote it) before they have submitted.
  const [preferences, members, label, describe] = await Promise.all([
    getPreferences(db, user.id),
    listMembers(db, item.collection_id),
    effectiveLabel(db, item.id),
    blindOn(db, user.id, item.id).then((blind) =>
      descriptionView(db, user, { kind: 'item', id: item.id }, blind)
    )
  ]);
  const blind = queue.blind === 1;
  return {
    queue: describeQueue(queue),
    assignment: {
      id: assignment.id,
      active: assignment.status === 'active' && assignment.leaseExpiresAt > Date.now(),
      status: assignment.status,
      leaseExpiresAt: assignment.leaseExpiresAt,
      room: blind ? reviewRoom(item.id, assignment.id) : itemRoom(item.id)
    },
    item: describeItem(item, url.origin),
    preferences,
    label,
    describe,
    people: Object.fromEntries(members.map((m) => [m.userId, m.name])) as Record<string, string>,
    me: { id: user.id, name: user.name, role: user.role, expert: user.expert === 1 }
  };
};
