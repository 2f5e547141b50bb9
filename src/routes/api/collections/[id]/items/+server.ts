import { json } from '@sveltejs/kit';
import { canAccessCollection, findCollection } from '$lib/server/collections/collections';
import { parseItemQuery } from '$lib/server/evidence/item-query';
import { encodeCursor, listItems } from '$lib/server/evidence/items';
import { apiError, requireApiUser } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const db = locals.runtime.db;
  if (!(await findCollection(db, params.id))) return apiError('not_found', 'No such collection.');
  if (!(await canAccessCollection(db, user, params.id)))
    return apiError('forbidden', 'You are not a member of this collection.');
  const query = parseItemQuery(url.searchParams, user.role === 'admin' || user.role === 'coordinator');
  if ('error' in query) return apiError('bad_request', query.error);
  const page = await listItems(db, params.id, query.filter, query.limit, query.after);
  return json({ items: page.items, nextCursor: page.next ? encodeCursor(page.next) : null });
};
