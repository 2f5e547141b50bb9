import { json } from '@sveltejs/kit';
import { TOKEN_LABEL_MAX, issueApiToken, listApiTokens } from '$lib/server/auth/api-tokens';
import { checkLabel } from '$lib/server/validate';
import { apiError, jsonBody, requireApiUser } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  return json(await listApiTokens(locals.runtime.db, user.id));
};

/** `{ label }` → `{ token, id, label, createdAt }`; the token is shown only here. */
export const POST: RequestHandler = async ({ request, locals, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const body = await jsonBody(request, 'Send a JSON body: { "label" }.');
  if (!body.ok) return body.response;
  const checked = checkLabel((body.value as Record<string, unknown> | null)?.label);
  if (!checked.ok) {
    return apiError(
      'bad_request',
      `"label" must be a non-empty string of at most ${TOKEN_LABEL_MAX} characters, without control characters.`
    );
  }
  const actor = { id: user.id, ip: getClientAddress() };
  const { token, info } = await issueApiToken(locals.runtime.db, actor, user.id, checked.value);
  return json({ token, ...info }, { status: 201 });
};
