import { requireUser } from '$lib/server/http/guards';
import { queueProgress } from '$lib/server/review/progress';
import { queuesFor } from '$lib/server/review/queues';
import { adjudicates, oversees } from '$lib/model/roles';
import { queuesToAdjudicate } from '$lib/server/review/adjudication';
import type { PageServerLoad } from './$types';

/** Progress is summarised for the newest queues only: each summary is a few queries. */
const SUMMARISED = 50;

export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireUser(locals, url);
  const db = locals.runtime.db;
  const queues = await queuesFor(db, user);
  const summaries = await Promise.all(
    queues.slice(0, SUMMARISED).map(async (q) => {
      const p = await queueProgress(db, q.id, q.reviewsPerItem);
      const mine = p.perReviewer.find((r) => r.userId === user.id);
      return {
        id: q.id,
        slots: p.slots,
        done: p.done,
        remaining: p.remaining,
        mine: mine ? mine.submitted : null
      };
    })
  );
  return {
    queues: queues.map((q) => ({ ...q, progress: summaries.find((s) => s.id === q.id) ?? null })),
    oversees: oversees(user),
    // Adjudicators (experts, coordinators, admins) adjudicate blind reviews, whether or not they reviewed.
    toAdjudicate: adjudicates(user) ? await queuesToAdjudicate(db, user) : []
  };
};
