import { json } from '@sveltejs/kit';
import { itemForUser, listViews } from '$lib/server/evidence/items';
import { apiError, requireApiUser } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Who opened this item, newest first: coordinators and administrators only. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  if (user.role !== 'admin' && user.role !== 'coordinator')
    return apiError('forbidden', 'Coordinators only.');
  const access = await itemForUser(locals.runtime.db, user, params.id);
  if (!access.ok) {
    return access.status === 403
      ? apiError('forbidden', 'You do not have access to this collection.')
      : apiError('not_found', 'No such item.');
  }
  return json(await listViews(locals.runtime.db, params.id));
};
