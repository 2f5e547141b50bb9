import { json } from '@sveltejs/kit';
import { oversees } from '$lib/model/roles';
import { collectionForUser } from '$lib/server/auth/access/collections';
import { parseItemQuery } from '$lib/server/evidence/item-query';
import { encodeCursor, listItems } from '$lib/server/evidence/items';
import { apiError, requireApiUser } from '$lib/server/http/api';
import { withLabels } from '$lib/server/wellbeing/labels';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const db = locals.runtime.db;
  const access = await collectionForUser(db, user, params.id);
  if (!access.ok)
    return access.status === 404
      ? apiError('not_found', 'No such collection.')
      : apiError('forbidden', 'You are not a member of this collection.');
  const query = parseItemQuery(url.searchParams, oversees(user));
  if ('error' in query) return apiError('bad_request', query.error);
  const page = await listItems(db, params.id, query.filter, query.limit, query.after, user.id);
  return json({
    items: await withLabels(db, page.items),
    nextCursor: page.next ? encodeCursor(page.next) : null
  });
};
