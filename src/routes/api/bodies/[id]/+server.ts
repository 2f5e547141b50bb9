import { json } from '@sveltejs/kit';
import { verifiesBodyBlind } from '$lib/server/auth/permissions';
import { describeBody } from '$lib/server/bodies/bodies';
import { requireApiBody } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, body, response } = await requireApiBody(locals, params.id);
  if (response) return response;
  const db = locals.runtime.db;
  const blind = await verifiesBodyBlind(db, user.id, body.id);
  return json(await describeBody(db, body, user, { blind }));
};
