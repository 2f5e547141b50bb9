/**
 * Who is asking, from the request's credentials; shared by the SvelteKit hooks and the
 * framework-free handlers (IIIF tiles, uploads, websockets).
 *
 * Invariants: when an Authorization header is present the cookie is ignored, so a cross-site request
 * cannot ride on a session by adding a bad token. A session of a user whose role requires a second
 * factor they have not set up is held at enrolment, however old the session.
 */
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import type { Role } from '../../model/roles.ts';
import { validateApiToken } from './api-tokens.ts';
import { SESSION_COOKIE, validateSessionToken, type Session } from './session.ts';
import { rolesRequiringTotp } from './totp.ts';

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
  } else if ((await rolesRequiringTotp(db)).includes(result.user.role as Role)) {
    // Not keyed on the session's flag: a user without a factor gets a session marked verified (there
    // was nothing to verify), so the rule must be checked on every request. That also catches sessions
    // opened before an admin required the factor for this role, or before the user's role changed.
    pendingSecondFactor = 'enroll';
  }
  return { user: result.user, session: result.session, via: 'cookie', pendingSecondFactor };
}

/** The session token from a raw Cookie header (for handlers outside SvelteKit). */
export function sessionTokenFromCookieHeader(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}
