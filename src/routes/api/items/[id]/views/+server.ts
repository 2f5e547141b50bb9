import { json } from '@sveltejs/kit';
import { oversees } from '$lib/model/roles';
import { listViews } from '$lib/server/evidence/items';
import { apiError, requireApiItem, requireApiUser } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Who opened this item, newest first: coordinators and administrators only. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  if (!oversees(user)) return apiError('forbidden', 'Coordinators only.');
  const access = await requireApiItem(locals, params.id);
  if (access.response) return access.response;
  return json(await listViews(locals.runtime.db, access.item.id));
};
