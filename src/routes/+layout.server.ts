import { direction } from '$lib/i18n';
import type { Db } from '$lib/server/db/connect';
import type { UserRow } from '$lib/server/db/schema';
import { queuesFor } from '$lib/server/review/queues';
import { toPublicUser } from '$lib/server/users/users';
import { adjudicates } from '$lib/model/roles';
import { queuesToAdjudicate } from '$lib/server/review/adjudication';
import type { LayoutServerLoad } from './$types';

async function hasQueues(db: Db, user: UserRow): Promise<boolean> {
  if ((await queuesFor(db, user)).length > 0) return true;
  return adjudicates(user) && (await queuesToAdjudicate(db, user)).length > 0;
}

export const load: LayoutServerLoad = async ({ locals }) => {
  const user = locals.user && !locals.pendingSecondFactor ? locals.user : null;
  return {
    locale: locals.locale,
    dir: direction(locals.locale),
    demo: locals.runtime.config.demo,
    user: user ? toPublicUser(user) : null,
    // The header links to the queues of whoever has any, or has reviews to adjudicate.
    hasQueues: user ? await hasQueues(locals.runtime.db, user) : false
  };
};
