import { requireCollection, requireOverseer } from '$lib/server/http/guards';
import type { PageServerLoad } from './$types';

/** The upload page; the upload endpoint itself checks the same rules again for every file. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireOverseer(locals, url);
  const { collection } = await requireCollection(locals, url, params.id);
  return { collection: { id: collection.id, name: collection.name } };
};
