import { json } from '@sveltejs/kit';
import { describeItem } from '$lib/server/evidence/items';
import { requireApiItem } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { item, response } = await requireApiItem(locals, params.id);
  if (response) return response;
  return json(describeItem(item, url.origin));
};
