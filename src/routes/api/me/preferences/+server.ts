import { json } from '@sveltejs/kit';
import { apiError, jsonBody, requireApiUser } from '$lib/server/http/api';
import { checkPreferences, getPreferences, setPreferences } from '$lib/server/wellbeing/settings';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  return json(await getPreferences(locals.runtime.db, user.id));
};

/** `{ blur, greyscale, exposureMinutes, labelCards? }` (labelCards, newer, keeps its value when left out) */
export const PUT: RequestHandler = async ({ locals, request }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const body = await jsonBody(request, 'Send a JSON body: { "blur", "greyscale", "exposureMinutes" }.');
  if (!body.ok) return body.response;
  const current = await getPreferences(locals.runtime.db, user.id);
  const checked = checkPreferences({ labelCards: current.labelCards, ...(body.value as object) });
  if (!checked.ok) return apiError('bad_request', checked.error);
  await setPreferences(locals.runtime.db, user.id, checked.value);
  return json(checked.value);
};
