import { json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/http/api';
import { myExposure, recordBreak } from '$lib/server/wellbeing/exposure';
import type { RequestHandler } from './$types';

/** The caller dismissed today's break prompt (recorded as a count for the day). */
export const POST: RequestHandler = async ({ locals }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  await recordBreak(locals.runtime.db, user.id);
  return json(await myExposure(locals.runtime.db, user.id));
};
