import type { Cookies } from '@sveltejs/kit';
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { setSessionCookie } from './cookies.ts';
import { createSession, generateSessionToken } from './session.ts';

/** Opens a session after a correct password; it still owes a TOTP code when the user has one. */
export async function startSession(db: Db, cookies: Cookies, url: URL, user: UserRow): Promise<void> {
  const token = generateSessionToken();
  const session = await createSession(db, token, user.id, user.totp_key === null);
  setSessionCookie(cookies, url, token, session.expires_at);
}
