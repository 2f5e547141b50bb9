import { json } from '@sveltejs/kit';
import { TOKEN_LABEL_MAX, issueApiToken, listApiTokens } from '$lib/server/auth/api-tokens';
import { reauthenticate } from '$lib/server/auth/reauth';
import { checkLabel } from '$lib/server/validate';
import { apiError, jsonBody, requireApiUser } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  return json(await listApiTokens(locals.runtime.db, user.id));
};

/**
 * `{ label, password, code? }` → `{ token, id, label, createdAt }`; the token is shown only here. The
 * current password (and a current code, with a second factor) are asked again (auth/reauth.ts).
 */
export const POST: RequestHandler = async ({ request, locals, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const body = await jsonBody(request, 'Send a JSON body: { "label", "password", "code" }.');
  if (!body.ok) return body.response;
  const fields = (body.value ?? {}) as Record<string, unknown>;
  const checked = checkLabel(fields.label);
  if (!checked.ok) {
    return apiError(
      'bad_request',
      `"label" must be a non-empty string of at most ${TOKEN_LABEL_MAX} characters, without control characters.`
    );
  }
  const actor = { id: user.id, ip: getClientAddress() };
  const reauth = await reauthenticate(locals.runtime.db, user, {
    password: fields.password,
    code: fields.code,
    ip: actor.ip,
    purpose: 'token_create'
  });
  if (!reauth.ok)
    return reauth.reason === 'throttled'
      ? apiError('too_many_requests', reauth.message, { 'Retry-After': String(reauth.retryAfter) })
      : apiError('forbidden', reauth.message);
  const { token, info } = await issueApiToken(locals.runtime.db, actor, user.id, checked.value);
  return json({ token, ...info }, { status: 201 });
};
