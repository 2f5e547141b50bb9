import { json } from '@sveltejs/kit';
import { oversees } from '$lib/model/roles';
import { collectionForUser } from '$lib/server/auth/access/collections';
import { canAccessCollection } from '$lib/server/collections/collections';
import { apiError, jsonBody, requireApiUser } from '$lib/server/http/api';
import { findUser } from '$lib/server/users/users';
import { checkRequest } from '$lib/server/validate';
import { setCoordinatorLimit } from '$lib/server/wellbeing/exposure';
import { MemberLimitSchema } from '$lib/server/wellbeing/exposure-input';
import { teamExposure } from '$lib/server/wellbeing/exposure-team';
import type { RequestHandler } from './$types';

async function overseen(locals: App.Locals, collectionId: string) {
  const { user, response } = requireApiUser(locals);
  if (response) return { response };
  if (!(await collectionForUser(locals.runtime.db, user, collectionId)).ok)
    return { response: apiError('not_found', 'No such collection.') };
  if (!oversees(user)) return { response: apiError('forbidden', 'Only coordinators see team exposure.') };
  return { user };
}

/** The collection's team totals (aggregates; individual daily figures only with consent). */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { response } = await overseen(locals, params.id);
  if (response) return response;
  return json(await teamExposure(locals.runtime.db, params.id));
};

/** `{ userId, dailyLimitMinutes }`: a coordinator's soft daily limit for a member (null removes it). */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
  const { response } = await overseen(locals, params.id);
  if (response) return response;
  const body = await jsonBody(request, 'Send a JSON body: { "userId", "dailyLimitMinutes" }.', 1024);
  if (!body.ok) return body.response;
  const input = checkRequest(MemberLimitSchema, body.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const db = locals.runtime.db;
  const member = await findUser(db, input.value.userId);
  if (!member || !(await canAccessCollection(db, member, params.id)))
    return apiError('not_found', 'No such member of this collection.');
  await setCoordinatorLimit(db, member.id, input.value.dailyLimitMinutes);
  return json({ userId: member.id, dailyLimitMinutes: input.value.dailyLimitMinutes });
};
