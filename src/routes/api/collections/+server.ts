import { json } from '@sveltejs/kit';
import { collectionsWithCounts } from '$lib/server/collections/counts';
import { requireApiUser } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const collections = await collectionsWithCounts(locals.runtime.db, user);
  return json(collections.map((c) => ({ id: c.id, name: c.name, itemCount: c.itemCount })));
};
