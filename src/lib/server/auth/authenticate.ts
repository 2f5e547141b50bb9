/**
 * Who is asking, from the request's credentials; shared by the SvelteKit hooks and the
 * framework-free handlers (IIIF tiles, uploads, websockets).
 *
 * Invariants: when an Authorization header is present the cookie is ignored, so a cross-site request
 * cannot ride on a session by adding a bad token. A session of a user whose role requires a second
 * factor they have not set up is held at enrolment, however old the session.
 */
import type { IncomingMessage } from 'node:http';
import { parse as parseCookies } from 'cookie';
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { validateApiToken } from './api-tokens.ts';
import { SESSION_COOKIE, validateSessionToken, type Session } from './session.ts';
import { secondFactorRequired } from './totp.ts';

export type Authenticated = {
  user: UserRow;
  session: Session | null;
  via: 'cookie' | 'token';
  /** A session that passed the password but still owes a second factor (verify or enrol). */
  pendingSecondFactor: 'verify' | 'enroll' | null;
};

export type Credentials = { authorization: string | null | undefined; sessionToken: string | undefined };

export async function authenticate(db: Db, credentials: Credentials): Promise<Authenticated | null> {
  if (credentials.authorization != null) {
    const match = /^Bearer\s+(\S+)$/i.exec(credentials.authorization);
    const user = match?.[1] ? await validateApiToken(db, match[1]) : null;
    return user ? { user, session: null, via: 'token', pendingSecondFactor: null } : null;
  }
  if (credentials.sessionToken === undefined) return null;
  const result = await validateSessionToken(db, credentials.sessionToken);
  if (!result) return null;
  let pendingSecondFactor: Authenticated['pendingSecondFactor'] = null;
  if (result.user.totp_key) {
    if (!result.session.two_factor_verified) pendingSecondFactor = 'verify';
  } else if (await secondFactorRequired(db, result.user)) {
    // Not keyed on the session's flag: a user without a factor gets a session marked verified (there
    // was nothing to verify), so the rule must be checked on every request. That also catches sessions
    // opened before an admin required the factor for this role, or before the user's role changed.
    pendingSecondFactor = 'enroll';
  }
  return { user: result.user, session: result.session, via: 'cookie', pendingSecondFactor };
}

/** What a refused request is told, wherever it was refused (hooks, API guards, raw handlers). */
export const REFUSED = {
  noCredentials: 'Sign in or send a valid API token.',
  secondFactorOwed: 'Complete the second factor first.',
  foreignOrigin: 'Cross-origin requests with a session cookie may not change anything.'
} as const;

export type NodeAuthentication =
  | { ok: true; who: Authenticated; credentials: Credentials }
  | { ok: false; code: 'unauthorized' | 'forbidden'; message: string };

/**
 * The same rules as the SvelteKit hooks, for handlers that read raw Node requests (websocket
 * upgrades, uploads, IIIF): bearer token or session cookie, the second factor owed nowhere, and —
 * with `sameOrigin` — a cookie request must carry our Origin, so a page of another site cannot
 * make the browser act (or open a socket) with the user's cookie. A token needs no Origin: a
 * browser never attaches one by itself.
 */
export async function authenticateNode(
  db: Db,
  request: IncomingMessage,
  options: { origin: string | undefined; sameOrigin: boolean }
): Promise<NodeAuthentication> {
  const credentials = credentialsOf(request);
  const who = await authenticate(db, credentials);
  if (!who) return { ok: false, code: 'unauthorized', message: REFUSED.noCredentials };
  if (who.pendingSecondFactor) return { ok: false, code: 'unauthorized', message: REFUSED.secondFactorOwed };
  if (options.sameOrigin && who.via === 'cookie') {
    const expected = options.origin ?? `http://${request.headers.host}`;
    if (request.headers.origin !== expected)
      return { ok: false, code: 'forbidden', message: REFUSED.foreignOrigin };
  }
  return { ok: true, who, credentials };
}

/** The credentials of a raw Node request: its Authorization header and session cookie. */
export function credentialsOf(request: IncomingMessage): Credentials {
  const cookies = request.headers.cookie ? parseCookies(request.headers.cookie) : {};
  return { authorization: request.headers.authorization, sessionToken: cookies[SESSION_COOKIE] };
}
