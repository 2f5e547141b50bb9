import { error } from '@sveltejs/kit';
import { oversees } from '$lib/model/roles';
import { requireCollection } from '$lib/server/http/guards';
import { teamExposure } from '$lib/server/wellbeing/exposure-team';
import type { PageServerLoad } from './$types';

/** Coordinators: the collection's team exposure (aggregates; individuals only with their consent). */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { user, collection } = await requireCollection(locals, url, params.id);
  if (!oversees(user)) error(403, 'Coordinators only');
  return {
    collection: { id: collection.id, name: collection.name },
    team: await teamExposure(locals.runtime.db, collection.id)
  };
};
