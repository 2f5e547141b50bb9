import { json } from '@sveltejs/kit';
import { blindItems } from '$lib/server/auth/access/blind';
import { requireApiCollection } from '$lib/server/http/api';
import { unlinkedMentions } from '$lib/server/persons/mentions';
import type { RequestHandler } from './$types';

/** `?collection=<id>`: names marked on the collection's pages and not yet linked to a person. */
export const GET: RequestHandler = async ({ locals, url }) => {
  const collectionId = url.searchParams.get('collection') ?? '';
  const { user, response } = await requireApiCollection(locals, collectionId);
  if (response) return response;
  const db = locals.runtime.db;
  return json({ mentions: await unlinkedMentions(db, collectionId, await blindItems(db, user.id)) });
};
