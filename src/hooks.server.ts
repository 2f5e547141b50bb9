/**
 * Request pipeline: runtime → locale → who is asking (bearer token or session cookie) → CSRF guard
 * for cookie-authenticated JSON writes → second-factor gate → page → security headers.
 *
 * Security invariants:
 * - A bearer token is never combined with a cookie: when an Authorization header is present, the
 *   cookie is ignored, so a cross-site request cannot borrow a session by adding a bad token.
 * - Cookie-authenticated writes to /api must come from our own origin (the Origin header); token
 *   writes need no such check (a browser never attaches a token by itself).
 * - A session that still owes a second factor can reach only the second-factor pages and sign-out.
 * - Every error answer under /api has the one shape `{ error: { code, message } }` (http/errors.ts),
 *   SvelteKit's own (405, 413, 500) included; a 500 never says more than "Internal error".
 */
import { error, type Handle, type HandleServerError, type ServerInit } from '@sveltejs/kit';
import { LOCALE_COOKIE, direction, isLocale, pickLocale } from '$lib/i18n';
import { REFUSED, authenticate } from '$lib/server/auth/authenticate';
import { deleteSessionCookie, setSessionCookie } from '$lib/server/auth/cookies';
import { SESSION_COOKIE } from '$lib/server/auth/session';
import { apiError } from '$lib/server/http/api';
import { INTERNAL_MESSAGE, inContract } from '$lib/server/http/errors';
import { applySecurityHeaders } from '$lib/server/http/security-headers';
import { getRuntime } from '$lib/server/runtime';

export const init: ServerInit = async () => {
  await getRuntime();
};

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES = /^\s*(application\/x-www-form-urlencoded|multipart\/form-data)\s*(;|$)/i;
const SECOND_FACTOR_PATHS = ['/login/two-factor', '/account/two-factor', '/logout'];

function isApi(pathname: string): boolean {
  return pathname === '/api' || pathname.startsWith('/api/');
}

async function identify(event: Parameters<Handle>[0]['event']): Promise<void> {
  const { locals, request, cookies } = event;
  const sessionToken = cookies.get(SESSION_COOKIE);
  const who = await authenticate(locals.runtime.db, {
    authorization: request.headers.get('authorization'),
    sessionToken
  });
  if (!who) {
    if (sessionToken !== undefined && request.headers.get('authorization') === null)
      deleteSessionCookie(cookies, event.url);
    return;
  }
  if (who.session && sessionToken) setSessionCookie(cookies, event.url, sessionToken, who.session.expires_at);
  Object.assign(locals, {
    user: who.user,
    session: who.session,
    auth: who.via,
    pendingSecondFactor: who.pendingSecondFactor
  });
}

export const handle: Handle = async ({ event, resolve }) => {
  const { locals, url, request } = event;
  locals.runtime = await getRuntime();
  locals.user = null;
  locals.session = null;
  locals.auth = null;
  locals.pendingSecondFactor = null;
  locals.locale = pickLocale(event.cookies.get(LOCALE_COOKIE), request.headers.get('accept-language'));

  // Every write outside /api is a form action. SvelteKit throws a plain Error (a 500) for the
  // reserved action name `?/default`, and `request.formData()` throws on a body that is not a form:
  // both are input, so they are refused here with a 400 before any action runs.
  if (!isApi(url.pathname) && !SAFE_METHODS.has(request.method)) {
    if (url.searchParams.has('/default')) error(400, 'No such action.');
    if (!FORM_TYPES.test(request.headers.get('content-type') ?? '')) error(400, 'Send a form.');
  }

  await identify(event);
  // The account's own choice wins over the cookie and the browser's languages.
  // (identify() filled locals.user by Object.assign, which TypeScript's narrowing to null misses.)
  const chosen = (locals.user as App.Locals['user'])?.locale;
  if (isLocale(chosen)) locals.locale = chosen;

  let response: Response;
  if (isApi(url.pathname) && locals.auth === 'cookie' && !SAFE_METHODS.has(request.method)) {
    const origin = request.headers.get('origin');
    if (origin !== url.origin) {
      response = apiError('forbidden', REFUSED.foreignOrigin);
      applySecurityHeaders(response);
      return response;
    }
  }

  if (locals.pendingSecondFactor && !SECOND_FACTOR_PATHS.some((p) => url.pathname.startsWith(p))) {
    if (isApi(url.pathname)) {
      response = apiError('unauthorized', REFUSED.secondFactorOwed);
      applySecurityHeaders(response);
      return response;
    }
    const location = locals.pendingSecondFactor === 'verify' ? '/login/two-factor' : '/account/two-factor';
    response = new Response(null, { status: 303, headers: { location } });
    applySecurityHeaders(response);
    return response;
  }

  response = await resolve(event, {
    transformPageChunk: ({ html }) =>
      html.replace('%lang%', locals.locale).replace('%dir%', direction(locals.locale))
  });
  if (isApi(url.pathname) && response.status >= 400) response = await inContract(response);
  applySecurityHeaders(response);
  return response;
};

export const handleError: HandleServerError = ({ error, event, status, message }) => {
  if (status !== 404) console.error(`[error] ${event.request.method} ${event.url.pathname}:`, error);
  return { message: status === 404 ? 'Not found' : status >= 500 ? INTERNAL_MESSAGE : message };
};
