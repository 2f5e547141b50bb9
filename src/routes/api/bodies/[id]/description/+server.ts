import { blindOnBody } from '$lib/server/auth/access/bodies';
import { requireApiBody } from '$lib/server/http/api';
import { getDescription, putDescription } from '$lib/server/wellbeing/description-api';
import type { RequestHandler } from './$types';

/** → `{ description }` of the body (closed while the caller reviews one of its photos blind). */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, body, response } = await requireApiBody(locals, params.id);
  if (response) return response;
  const db = locals.runtime.db;
  return getDescription(db, { kind: 'body', id: body.id }, await blindOnBody(db, user.id, body.id));
};

/** `{ visible, location, severity }` → `{ description }` (a blind reviewer: `{ written }`, first only). */
export const PUT: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, body, response } = await requireApiBody(locals, params.id);
  if (response) return response;
  const db = locals.runtime.db;
  const blind = await blindOnBody(db, user.id, body.id);
  return putDescription(db, user, { kind: 'body', id: body.id }, request, { blind, ip: getClientAddress() });
};
