import { redirect } from '@sveltejs/kit';
import { listCollectionsFor } from '$lib/server/collections/collections';
import { requireUser } from '$lib/server/http/guards';
import { setupOpen } from '$lib/server/setup/first-admin';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  if (!locals.user && (await setupOpen(locals.runtime.db))) redirect(303, '/setup');
  const user = requireUser(locals, url);
  return { collections: await listCollectionsFor(locals.runtime.db, user) };
};
