import { json } from '@sveltejs/kit';
import { describeItem, itemForUser } from '$lib/server/evidence/items';
import { apiError, requireApiUser } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const access = await itemForUser(locals.runtime.db, user, params.id);
  if (!access.ok) {
    return access.status === 403
      ? apiError('forbidden', 'You do not have access to this collection.')
      : apiError('not_found', 'No such item.');
  }
  return json(describeItem(access.item, url.origin));
};
