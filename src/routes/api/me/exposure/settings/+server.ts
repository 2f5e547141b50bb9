import { json } from '@sveltejs/kit';
import { checkRequest } from '$lib/server/validate';
import { apiError, jsonBody, requireApiUser } from '$lib/server/http/api';
import { setOwnSettings } from '$lib/server/wellbeing/exposure';
import { OwnSettingsSchema } from '$lib/server/wellbeing/exposure-input';
import type { RequestHandler } from './$types';

/** `{ dailyLimitMinutes, consent }` → the settings now in force. */
export const PUT: RequestHandler = async ({ locals, request }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const body = await jsonBody(request, 'Send a JSON body: { "dailyLimitMinutes", "consent" }.', 1024);
  if (!body.ok) return body.response;
  const input = checkRequest(OwnSettingsSchema, body.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const { dailyLimitMinutes, consent } = input.value;
  return json(await setOwnSettings(locals.runtime.db, user.id, { ownLimit: dailyLimitMinutes, consent }));
};
