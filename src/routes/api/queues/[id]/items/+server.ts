import { json } from '@sveltejs/kit';
import { oversees } from '$lib/model/roles';
import { queueForUser } from '$lib/server/auth/access/queues';
import { apiError, requireApiUser } from '$lib/server/http/api';
import { queueItemTable } from '$lib/server/review/item-table';
import type { RequestHandler } from './$types';

/** Coordinators: the per-item table, `?page=` (0-based, 100 items a page). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const access = await queueForUser(locals.runtime.db, user, params.id);
  if (!access.ok) return apiError('not_found', 'No such queue.');
  if (!oversees(user)) return apiError('forbidden', 'Only coordinators see the per-item table.');
  const page = Number(url.searchParams.get('page') ?? 0);
  if (!Number.isInteger(page) || page < 0 || page > 1_000_000)
    return apiError('bad_request', '"page" must be a whole number from 0.');
  return json(await queueItemTable(locals.runtime.db, access.queue, page));
};
