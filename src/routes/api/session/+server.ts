import { json } from '@sveltejs/kit';
import { signIn } from '$lib/server/auth/sign-in';
import { endSession, startSession } from '$lib/server/auth/start-session';
import { apiError, jsonBody } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** Sign in with `{ email, password }`; sets the session cookie. */
export const POST: RequestHandler = async ({ request, locals, cookies, url, getClientAddress }) => {
  const body = await jsonBody(request, 'Send a JSON body: { "email", "password" }.');
  if (!body.ok) return body.response;
  const { email, password } = (body.value ?? {}) as Record<string, unknown>;
  if (typeof email !== 'string' || typeof password !== 'string' || !email || !password) {
    return apiError('bad_request', 'Both "email" and "password" are required strings.');
  }
  const result = await signIn(locals.runtime.db, { email, password, ip: getClientAddress() });
  if (!result.ok) {
    return result.reason === 'throttled'
      ? apiError(
          'too_many_requests',
          `Too many failed sign-ins; try again in ${result.retryAfter} s, at ${new Date(Date.now() + result.retryAfter * 1000).toISOString()}: the lock then ends by itself and the correct password works again. If you cannot wait, ask an administrator.`,
          { 'Retry-After': String(result.retryAfter) }
        )
      : apiError('unauthorized', 'The e-mail or password is not correct.');
  }
  await startSession(locals.runtime.db, cookies, url, result.user);
  return json({ secondFactorRequired: result.user.totp_key !== null });
};

export const DELETE: RequestHandler = async ({ locals, cookies, url, getClientAddress }) => {
  if (!locals.session) return apiError('unauthorized', 'No session.');
  await endSession(locals.runtime.db, cookies, url, locals.session, getClientAddress());
  return new Response(null, { status: 204 });
};
