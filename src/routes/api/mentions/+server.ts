import { json } from '@sveltejs/kit';
import { requireApiCollection } from '$lib/server/http/api';
import { unlinkedMentions } from '$lib/server/persons/mentions';
import type { RequestHandler } from './$types';

/** `?collection=<id>`: names marked on the collection's pages and not yet linked to a person. */
export const GET: RequestHandler = async ({ locals, url }) => {
  const collectionId = url.searchParams.get('collection') ?? '';
  const { response } = await requireApiCollection(locals, collectionId);
  if (response) return response;
  return json({ mentions: await unlinkedMentions(locals.runtime.db, collectionId) });
};
