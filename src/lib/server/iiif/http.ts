/**
 * How the IIIF Presentation routes answer: JSON-LD with the Presentation 3 profile, errors in the
 * API's one shape (http/api.ts), and CORS for viewers on other origins.
 *
 * Security invariant (CORS): another origin may read a manifest only with a bearer token, never
 * with the user's cookie. A response to a cookie-authenticated request carries no
 * Access-Control-Allow-Origin at all, so a page elsewhere that sends the cookie (same-site, or a
 * `credentials: 'include'` fetch) cannot read it; token and anonymous answers carry `*`, which
 * browsers never honour for credentialed requests either. Same-origin viewers need no CORS.
 */
import { json } from '@sveltejs/kit';
import { REFUSED } from '../auth/authenticate.ts';
import { ITEM_DENIED } from '../auth/access/collections.ts';
import { apiError, requireApiUser } from '../http/api.ts';
import type { UserRow } from '../db/schema.ts';

const PRESENTATION_TYPE = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"';
const CORS = { 'Access-Control-Allow-Origin': '*' };

function corsFor(locals: App.Locals): Record<string, string> {
  return locals.auth === 'cookie' ? {} : CORS;
}

export function iiifJson(locals: App.Locals, body: unknown): Response {
  return json(body, {
    headers: { 'Content-Type': PRESENTATION_TYPE, 'Cache-Control': 'private, no-cache', ...corsFor(locals) }
  });
}

/** The preflight a viewer on another origin sends before a GET with `Authorization: Bearer …`. */
export function iiifPreflight(): Response {
  return new Response(null, {
    status: 204,
    headers: {
      ...CORS,
      'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
      'Access-Control-Allow-Headers': 'Authorization',
      'Access-Control-Max-Age': '600'
    }
  });
}

export function iiifError(
  locals: App.Locals,
  status: 403 | 404 | 'unauthorized',
  message?: string
): Response {
  if (status === 'unauthorized') return apiError('unauthorized', REFUSED.noCredentials, corsFor(locals));
  const denied = ITEM_DENIED[status];
  return apiError(denied.code, message ?? denied.message, corsFor(locals));
}

/** The signed-in user, or the 401 a viewer can read. */
export function iiifUser(
  locals: App.Locals
): { user: UserRow; response?: never } | { user?: never; response: Response } {
  const { user } = requireApiUser(locals);
  return user ? { user } : { response: iiifError(locals, 'unauthorized') };
}
