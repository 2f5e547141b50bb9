/**
 * Password sign-in. An unknown e-mail and a wrong password get the same answer after the same
 * work (an Argon2 verification either way), so the response tells nothing about which accounts
 * exist. Locked keys are checked before any verification, so a locked account cannot be guessed at,
 * and every attempt is counted as a failure before its verification (a correct password takes the
 * count back), so a burst of simultaneous guesses gets no more tries than the policy allows.
 */
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { audit } from '../audit/log.ts';
import { dummyHash, verifyPassword } from './password.ts';
import {
  ACCOUNT_POLICY,
  accountThrottleKey,
  ADDRESS_POLICY,
  clearFailures,
  lockedFor,
  refundFailure,
  reserveAttempt
} from './throttle.ts';
import { normaliseEmail } from '../users/users.ts';
import { PASSWORD_MAX } from './password.ts';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/g;

export type SignInResult =
  | { ok: true; user: UserRow }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfter: number };

export async function signIn(
  db: Db,
  input: { email: string; password: string; ip: string },
  verify: typeof verifyPassword = verifyPassword
): Promise<SignInResult> {
  // The typed e-mail is looked up, used as a throttle key and audited as it is, so it is bounded, and
  // control characters (which no account's e-mail has, and a NUL of which PostgreSQL refuses as text)
  // are replaced: a hostile e-mail must get the same "not correct" as any other unknown one.
  const email = normaliseEmail(input.email).slice(0, 320).replace(CONTROL, '\ufffd');
  const accountKey = accountThrottleKey(email);
  const addressKey = `signin:ip:${input.ip}`;
  let retryAfter = await lockedFor(db, [accountKey, addressKey]);
  if (retryAfter === 0) {
    retryAfter = await reserveAttempt(db, [
      { key: accountKey, policy: ACCOUNT_POLICY },
      { key: addressKey, policy: ADDRESS_POLICY }
    ]);
  }
  if (retryAfter > 0) {
    await audit(db, { actorId: null, action: 'auth.sign_in_throttled', target: email, ip: input.ip });
    return { ok: false, reason: 'throttled', retryAfter };
  }
  const user = await db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
  const password = input.password.slice(0, PASSWORD_MAX + 1);
  const valid = await verify(user?.password_hash ?? (await dummyHash()), password);
  if (!user || !valid || user.disabled_at !== null) {
    await audit(db, {
      actorId: user?.id ?? null,
      action: 'auth.sign_in_failed',
      target: email,
      details: {
        reason: !user ? 'unknown_account' : user.disabled_at !== null ? 'disabled' : 'wrong_password'
      },
      ip: input.ip
    });
    return { ok: false, reason: 'invalid' };
  }
  await clearFailures(db, accountKey);
  await refundFailure(db, addressKey, ADDRESS_POLICY);
  await audit(db, { actorId: user.id, action: 'auth.sign_in', target: user.id, ip: input.ip });
  return { ok: true, user };
}
