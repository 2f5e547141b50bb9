import { requireApiItem } from '$lib/server/http/api';
import { deleteCoview, getCoview, postCoview } from '$lib/server/wellbeing/coview-api';
import { coviewRequired } from '$lib/server/wellbeing/coview-rule';
import type { RequestHandler } from './$types';

/**
 * View together on an item (contract in coview-api.ts). Sessions sit on the item's shared view:
 * `layer: 'shared'` refuses (403) someone who reviews the item blind, and someone outside its
 * collection, for every method here.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, item, response } = await requireApiItem(locals, params.id, { layer: 'shared' });
  if (response) return response;
  const db = locals.runtime.db;
  return getCoview(db, { kind: 'item', id: item.id }, user.id, () => coviewRequired(db, user.id, item.id));
};

export const POST: RequestHandler = async ({ locals, params, request }) => {
  const { user, item, response } = await requireApiItem(locals, params.id, { layer: 'shared' });
  if (response) return response;
  const db = locals.runtime.db;
  return postCoview(db, { kind: 'item', id: item.id }, user.id, request, () =>
    coviewRequired(db, user.id, item.id)
  );
};

export const DELETE: RequestHandler = async ({ locals, params }) => {
  const { user, item, response } = await requireApiItem(locals, params.id, { layer: 'shared' });
  if (response) return response;
  return deleteCoview(locals.runtime.db, { kind: 'item', id: item.id }, user.id);
};
