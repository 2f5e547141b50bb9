import { findCollection } from '$lib/server/collections/collections';
import { oversees } from '$lib/model/roles';
import { requireQueue } from '$lib/server/http/guards';
import { queueProgress } from '$lib/server/review/progress';
import { describeQueue, isQueueMember } from '$lib/server/review/queues';
import { getPreferences } from '$lib/server/wellbeing/settings';
import { queueLabelSummary } from '$lib/server/wellbeing/labels';
import type { PageServerLoad } from './$types';

/** A queue as its reviewers see it: the content note, their own progress, and Next. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { user, queue } = await requireQueue(locals, url, params.id);
  const db = locals.runtime.db;
  const [progress, member, collection, preferences, contents] = await Promise.all([
    queueProgress(db, queue.id, queue.reviews_per_item),
    isQueueMember(db, queue.id, user.id),
    findCollection(db, queue.collection_id),
    getPreferences(db, user.id),
    queueLabelSummary(db, queue.id)
  ]);
  const mine = progress.perReviewer.find((r) => r.userId === user.id) ?? null;
  return {
    queue: describeQueue(queue),
    collection: collection ? { id: collection.id, name: collection.name } : null,
    progress: {
      items: progress.items,
      slots: progress.slots,
      done: progress.done,
      inProgress: progress.inProgress,
      remaining: progress.remaining
    },
    mine,
    preferences,
    contents,
    member,
    oversees: oversees(user),
    finished: url.searchParams.has('finished')
  };
};
