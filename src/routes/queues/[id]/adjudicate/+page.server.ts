import { requireAdjudication } from '$lib/server/http/guards';
import { completeItems } from '$lib/server/review/adjudication';
import type { PageServerLoad } from './$types';

/** The items of a blind queue ready to adjudicate, for the collection's adjudicators. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { queue } = await requireAdjudication(locals, url, params.id);
  const db = locals.runtime.db;
  return {
    queue: { id: queue.id, name: queue.name, task: queue.task, reviewsPerItem: queue.reviews_per_item },
    items: await completeItems(db, queue.id, queue.reviews_per_item)
  };
};
