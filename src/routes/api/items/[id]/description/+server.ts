import { blindOn } from '$lib/server/auth/access/blind';
import { requireApiItem } from '$lib/server/http/api';
import { getDescription, putDescription } from '$lib/server/wellbeing/description-api';
import type { RequestHandler } from './$types';

/** → `{ description }`: what the photograph shows, to read before (or instead of) revealing it. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, item, response } = await requireApiItem(locals, params.id);
  if (response) return response;
  const db = locals.runtime.db;
  return getDescription(db, { kind: 'item', id: item.id }, await blindOn(db, user.id, item.id));
};

/** `{ visible, location, severity }` → `{ description }` (a blind reviewer: `{ written }`, first only). */
export const PUT: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, item, response } = await requireApiItem(locals, params.id);
  if (response) return response;
  const db = locals.runtime.db;
  const blind = await blindOn(db, user.id, item.id);
  return putDescription(db, user, { kind: 'item', id: item.id }, request, { blind, ip: getClientAddress() });
};
