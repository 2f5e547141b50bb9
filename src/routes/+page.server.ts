import { redirect } from '@sveltejs/kit';
import { collectionsWithCounts } from '$lib/server/collections/counts';
import { requireUser } from '$lib/server/http/guards';
import { setupOpen } from '$lib/server/setup/first-admin';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  if (!locals.user && (await setupOpen(locals.runtime.db))) redirect(303, '/setup');
  const user = requireUser(locals, url);
  return { collections: await collectionsWithCounts(locals.runtime.db, user) };
};
