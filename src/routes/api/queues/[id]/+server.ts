import { json } from '@sveltejs/kit';
import { apiError, requireApiUser } from '$lib/server/http/api';
import { queueAgreement } from '$lib/server/review/agreement';
import { queueProgress } from '$lib/server/review/progress';
import { canSeeQueue, findQueue } from '$lib/server/review/queues';
import type { RequestHandler } from './$types';

/** The queue, its progress (per reviewer, throughput) and its agreement (blind queues). */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const db = locals.runtime.db;
  const queue = await findQueue(db, params.id);
  if (!queue || !(await canSeeQueue(db, user, queue))) return apiError('not_found', 'No such queue.');
  const coordinator = user.role === 'admin' || user.role === 'coordinator';
  return json({
    id: queue.id,
    collectionId: queue.collection_id,
    name: queue.name,
    task: queue.task,
    reviewsPerItem: queue.reviews_per_item,
    blind: queue.blind === 1,
    dueAt: queue.due_at === null ? null : Number(queue.due_at),
    contentNote: queue.content_note,
    progress: await queueProgress(db, queue.id, queue.reviews_per_item),
    // Agreement compares reviewers: coordinators see it; in a blind queue nobody else needs it.
    agreement:
      coordinator && queue.blind === 1 ? await queueAgreement(db, locals.runtime.collab, queue) : null
  });
};
