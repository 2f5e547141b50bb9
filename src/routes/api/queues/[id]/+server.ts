import { json } from '@sveltejs/kit';
import { oversees, queueForUser } from '$lib/server/auth/permissions';
import { apiError, requireApiUser } from '$lib/server/http/api';
import { queueAgreement } from '$lib/server/review/agreement';
import { queueProgress } from '$lib/server/review/progress';
import { describeQueue } from '$lib/server/review/queues';
import type { RequestHandler } from './$types';

/** The queue, its progress (per reviewer, throughput) and its agreement (blind queues). */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const db = locals.runtime.db;
  const access = await queueForUser(db, user, params.id);
  if (!access.ok) return apiError('not_found', 'No such queue.');
  const { queue } = access;
  return json({
    ...describeQueue(queue),
    collectionId: queue.collection_id,
    progress: await queueProgress(db, queue.id, queue.reviews_per_item),
    // Agreement compares reviewers: coordinators see it; in a blind queue nobody else needs it.
    agreement:
      oversees(user) && queue.blind === 1 ? await queueAgreement(db, locals.runtime.collab, queue) : null
  });
};
