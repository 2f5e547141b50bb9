import { json } from '@sveltejs/kit';
import { apiError, readJson, requireApiUser } from '$lib/server/http/api';
import { checkPreferences, getPreferences, setPreferences } from '$lib/server/users/preferences';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  return json(await getPreferences(locals.runtime.db, user.id));
};

/** `{ blur, greyscale, exposureMinutes }` */
export const PUT: RequestHandler = async ({ locals, request }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  let body: unknown;
  try {
    body = await readJson(request);
  } catch {
    return apiError('bad_request', 'Send a JSON body: { "blur", "greyscale", "exposureMinutes" }.');
  }
  const checked = checkPreferences(body);
  if (!checked.ok) return apiError('bad_request', checked.error);
  await setPreferences(locals.runtime.db, user.id, checked.value);
  return json(checked.value);
};
