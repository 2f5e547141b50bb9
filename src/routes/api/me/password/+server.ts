import { changePassword } from '$lib/server/accounts/passwords';
import { apiError, jsonBody, requireApiUser } from '$lib/server/http/api';
import { translate } from '$lib/i18n';
import type { RequestHandler } from './$types';

/**
 * `{ currentPassword, code?, newPassword }` → 204. Every other session of the user ends (the one
 * asking, if it is a session, stays); attempts count against the sign-in limit (auth/reauth.ts).
 */
export const PUT: RequestHandler = async ({ request, locals, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const body = await jsonBody(request, 'Send a JSON body: { "currentPassword", "code", "newPassword" }.');
  if (!body.ok) return body.response;
  const fields = (body.value ?? {}) as Record<string, unknown>;
  const result = await changePassword(locals.runtime.db, user, locals.session?.id ?? null, {
    currentPassword: fields.currentPassword,
    code: fields.code,
    newPassword: fields.newPassword,
    ip: getClientAddress()
  });
  if (result.ok) return new Response(null, { status: 204 });
  if (result.reason === 'invalid_password')
    return apiError('bad_request', `"newPassword": ${translate('en', result.error)}`);
  return result.reason === 'throttled'
    ? apiError('too_many_requests', result.message, { 'Retry-After': String(result.retryAfter) })
    : apiError('forbidden', result.message);
};
