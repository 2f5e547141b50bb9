import { error } from '@sveltejs/kit';
import { findCollection } from '$lib/server/collections/collections';
import { adjudicates, oversees } from '$lib/server/auth/permissions';
import { requireQueue } from '$lib/server/http/guards';
import { completeItems } from '$lib/server/review/adjudication';
import { queueAgreement } from '$lib/server/review/agreement';
import { queueProgress } from '$lib/server/review/progress';
import { describeQueue } from '$lib/server/review/queues';
import type { PageServerLoad } from './$types';

/** The coordinator's view of a queue: progress, throughput, flags and skips, agreement. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { user, queue } = await requireQueue(locals, url, params.id);
  if (!oversees(user)) error(403, 'Coordinators only');
  const db = locals.runtime.db;
  const blind = queue.blind === 1;
  const [progress, agreement, complete, collection] = await Promise.all([
    queueProgress(db, queue.id, queue.reviews_per_item),
    blind ? queueAgreement(db, locals.runtime.collab, queue) : Promise.resolve(null),
    blind ? completeItems(db, queue.id, queue.reviews_per_item) : Promise.resolve([]),
    findCollection(db, queue.collection_id)
  ]);
  return {
    queue: describeQueue(queue),
    collection: collection ? { id: collection.id, name: collection.name } : null,
    progress,
    agreement,
    complete,
    adjudicates: adjudicates(user)
  };
};
