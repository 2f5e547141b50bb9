/** Opening and ending a browser session: the cookie and the session row move together. */
import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { audit } from '../audit/log.ts';
import { deleteSessionCookie, setSessionCookie } from './cookies.ts';
import { createSession, generateSessionToken, invalidateSession, type Session } from './session.ts';

/** Opens a session after a correct password; it still owes a TOTP code when the user has one. */
export async function startSession(db: Db, cookies: Cookies, url: URL, user: UserRow): Promise<void> {
  const token = generateSessionToken();
  const session = await createSession(db, token, user.id, user.totp_key === null);
  setSessionCookie(cookies, url, token, session.expires_at);
}

/** Sign-out (the page's and the API's): the session row goes, audited, and the cookie with it. */
export async function endSession(
  db: Db,
  cookies: Cookies,
  url: URL,
  session: Session | null,
  ip: string | null
): Promise<void> {
  if (session) {
    await invalidateSession(db, session.id);
    await audit(db, { actorId: session.user_id, action: 'auth.sign_out', target: session.user_id, ip });
  }
  deleteSessionCookie(cookies, url);
}
