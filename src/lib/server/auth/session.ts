/**
 * Sessions, the Lucia way.
 *
 * Invariants:
 * - The cookie holds a random 160-bit token; the database holds only its SHA-256 (the session id),
 *   so a database leak yields no usable session.
 * - Sliding expiry: a session lives 30 days from its last use (renewed when less than 15 days
 *   remain), and never past an absolute lifetime of 90 days from sign-in.
 * - A disabled user's sessions are deleted on disable and refused on validation.
 * - Cookie: HttpOnly, SameSite=Lax, Path=/, Secure when the origin is https.
 */
import type { Db } from '../db/connect.ts';
import type { SessionRow, UserRow } from '../db/schema.ts';
import { randomToken, sha256Hex } from '../ids.ts';

const DAY = 24 * 60 * 60 * 1000;
export const SESSION_SLIDING_MS = 30 * DAY;
export const SESSION_RENEW_MS = 15 * DAY;
export const SESSION_ABSOLUTE_MS = 90 * DAY;
export const SESSION_COOKIE = 'athar_session';

export type Session = SessionRow;

export function generateSessionToken(): string {
  return randomToken(20);
}

export function sessionIdOf(token: string): string {
  return sha256Hex(token);
}

export async function createSession(
  db: Db,
  token: string,
  userId: string,
  twoFactorVerified: boolean
): Promise<Session> {
  const now = Date.now();
  const session: Session = {
    id: sessionIdOf(token),
    user_id: userId,
    created_at: now,
    expires_at: now + SESSION_SLIDING_MS,
    two_factor_verified: twoFactorVerified ? 1 : 0
  };
  await db.insertInto('sessions').values(session).execute();
  return session;
}

export type SessionValidation = { session: Session; user: UserRow } | null;

/** Tokens are base32 of 20 bytes: anything else is garbage and never reaches the database. */
const TOKEN_SHAPE = /^[a-z2-7]{32}$/;

export async function validateSessionToken(db: Db, token: string | undefined): Promise<SessionValidation> {
  if (!token || !TOKEN_SHAPE.test(token)) return null;
  const id = sessionIdOf(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select([
      'sessions.id as session_id',
      'sessions.created_at as session_created_at',
      'sessions.expires_at as session_expires_at',
      'sessions.two_factor_verified as session_two_factor_verified'
    ])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const { session_id, session_created_at, session_expires_at, session_two_factor_verified, ...user } = row;
  const session: Session = {
    id: session_id,
    user_id: user.id,
    created_at: Number(session_created_at),
    expires_at: Number(session_expires_at),
    two_factor_verified: session_two_factor_verified
  };
  const now = Date.now();
  if (now >= session.expires_at || user.disabled_at !== null) {
    await db.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  if (session.expires_at - now < SESSION_RENEW_MS) {
    const renewed = Math.min(now + SESSION_SLIDING_MS, session.created_at + SESSION_ABSOLUTE_MS);
    if (renewed > session.expires_at) {
      session.expires_at = renewed;
      await db.updateTable('sessions').set({ expires_at: renewed }).where('id', '=', id).execute();
    }
  }
  return { session, user };
}

export async function markSecondFactorVerified(db: Db, sessionId: string): Promise<void> {
  await db.updateTable('sessions').set({ two_factor_verified: 1 }).where('id', '=', sessionId).execute();
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function invalidateUserSessions(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
