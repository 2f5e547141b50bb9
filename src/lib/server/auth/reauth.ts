/**
 * Re-authentication before a change that would let whoever holds a session keep or widen their
 * hold on the account: switching off the second factor, creating an API token and changing the
 * password (the CLI is exempt: it runs with database access). A signed-in session is not enough:
 * the current password is needed, and a current TOTP code when the user has a second factor.
 *
 * Invariants:
 * - Attempts count against the account's sign-in limit (throttle.ts, counted before verification),
 *   so a stolen session cannot guess the password any faster than the sign-in form allows.
 * - The code is consumed (totp.ts): it cannot be replayed, here or at sign-in.
 * - Every attempt is audited: `auth.reauth` (with its purpose) or `auth.reauth_failed`.
 */
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { audit } from '../audit/log.ts';
import { PASSWORD_MAX, verifyPassword } from './password.ts';
import { ACCOUNT_POLICY, accountThrottleKey, lockedFor, refundFailure, reserveAttempt } from './throttle.ts';
import { consumeTotp } from './totp.ts';

export type ReauthPurpose = 'totp_disable' | 'token_create' | 'password_change';

export type ReauthResult =
  | { ok: true }
  | { ok: false; reason: 'invalid'; message: string }
  | { ok: false; reason: 'throttled'; retryAfter: number; message: string };

export const REAUTH_MESSAGES = {
  invalid: 'Confirm with your current password, and a current code from your authenticator if you have one.',
  throttled: 'Too many failed attempts; try again later.'
} as const;

export async function reauthenticate(
  db: Db,
  user: Pick<UserRow, 'id' | 'email' | 'password_hash' | 'totp_key'>,
  input: { password: unknown; code: unknown; ip: string | null; purpose: ReauthPurpose }
): Promise<ReauthResult> {
  const key = accountThrottleKey(user.email);
  const record = (action: string) =>
    audit(db, {
      actorId: user.id,
      action,
      target: user.id,
      details: { purpose: input.purpose },
      ip: input.ip
    });
  let retryAfter = await lockedFor(db, [key]);
  if (retryAfter === 0) retryAfter = await reserveAttempt(db, [{ key, policy: ACCOUNT_POLICY }]);
  if (retryAfter > 0) {
    await record('auth.reauth_failed');
    return { ok: false, reason: 'throttled', retryAfter, message: REAUTH_MESSAGES.throttled };
  }
  const password = typeof input.password === 'string' ? input.password.slice(0, PASSWORD_MAX + 1) : '';
  const code = typeof input.code === 'string' ? input.code.trim() : '';
  const valid =
    password !== '' &&
    (await verifyPassword(user.password_hash, password)) &&
    (user.totp_key === null || (await consumeTotp(db, user.id, user.totp_key, code)));
  if (!valid) {
    await record('auth.reauth_failed');
    return { ok: false, reason: 'invalid', message: REAUTH_MESSAGES.invalid };
  }
  await refundFailure(db, key, ACCOUNT_POLICY);
  await record('auth.reauth');
  return { ok: true };
}
