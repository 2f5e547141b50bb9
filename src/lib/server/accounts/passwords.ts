/**
 * Passwords after sign-up: the user's own change, an administrator's one-time reset link, and an
 * administrator's unlock of the sign-in lock. Shared by the account and admin pages, the API and
 * the CLI.
 *
 * Invariants:
 * - A change needs the current password (and a current code with a second factor): reauth.ts, which
 *   counts attempts against the account's sign-in limit. Every other session of the user ends.
 * - A reset link is single-use and expires (links.ts); using it sets the password, ends every
 *   session of the user and lifts the sign-in lock, in one transaction.
 * - The new password passes the same check as at setup (validate.ts `checkNewPassword`).
 * - Every change, link and unlock is audited; no password or link token is ever logged.
 */
import { isLocale, translate, type MessageKey } from '../../i18n/index.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { audit } from '../audit/log.ts';
import { hashPassword } from '../auth/password.ts';
import { reauthenticate, type ReauthResult } from '../auth/reauth.ts';
import { accountThrottleKey, clearFailures, lockedFor } from '../auth/throttle.ts';
import type { Actor } from '../users/manage.ts';
import { findUser } from '../users/users.ts';
import { checkNewPassword } from '../validate.ts';
import { consumeLink, createLink, findLiveLink, linkUrl, type AccountLink } from './links.ts';
import { linkExpiry, sendLinkMail, type MailOutcome } from './mail.ts';

export type ChangeResult =
  | { ok: true; sessionsEnded: number }
  | { ok: false; reason: 'invalid_password'; error: MessageKey }
  | Extract<ReauthResult, { ok: false }>;

/** The user's own password change; `keepSessionId` is the session asking (it stays signed in). */
export async function changePassword(
  db: Db,
  user: UserRow,
  keepSessionId: string | null,
  input: { currentPassword: unknown; code: unknown; newPassword: unknown; ip: string | null }
): Promise<ChangeResult> {
  const next = checkNewPassword(input.newPassword);
  if (!next.ok) return { ok: false, reason: 'invalid_password', error: next.error };
  const reauth = await reauthenticate(db, user, {
    password: input.currentPassword,
    code: input.code,
    ip: input.ip,
    purpose: 'password_change'
  });
  if (!reauth.ok) return reauth;
  const passwordHash = await hashPassword(next.value);
  const sessionsEnded = await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
    let others = trx.deleteFrom('sessions').where('user_id', '=', user.id);
    if (keepSessionId) others = others.where('id', '!=', keepSessionId);
    const deleted = await others.executeTakeFirst();
    const n = Number(deleted.numDeletedRows);
    await audit(trx, {
      actorId: user.id,
      action: 'user.password_change',
      target: user.id,
      details: { sessionsEnded: n },
      ip: input.ip
    });
    return n;
  });
  return { ok: true, sessionsEnded };
}

/** An administrator's one-time reset link for a user (shown to copy; mailed when SMTP is set). */
export async function issueResetLink(
  db: Db,
  config: Pick<Config, 'resetTtlMs' | 'smtpUrl' | 'mailFrom'>,
  actor: Actor,
  origin: string,
  userId: string
): Promise<{ link: AccountLink; url: string; mail: MailOutcome } | null> {
  const user = await findUser(db, userId);
  if (!user) return null;
  const { token, link } = await createLink(db, {
    purpose: 'reset',
    email: user.email,
    userId: user.id,
    createdBy: actor.id,
    ttlMs: config.resetTtlMs
  });
  await audit(db, {
    actorId: actor.id,
    action: 'user.reset_link',
    target: user.id,
    details: { link: link.id, expiresAt: link.expiresAt },
    ip: actor.ip
  });
  const url = linkUrl(origin, 'reset', token);
  // The recipient has an account: the mail is in the language they chose (English if none).
  const locale = isLocale(user.locale) ? user.locale : 'en';
  const mail = await sendLinkMail(config, {
    to: user.email,
    subject: translate(locale, 'mail.reset_subject'),
    text: translate(locale, 'mail.reset_text', { until: linkExpiry(link.expiresAt), url })
  });
  return { link, url, mail };
}

export type ResetResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid_link' }
  | { ok: false; reason: 'invalid_password'; error: MessageKey };

/** Uses a reset link: the new password, every session ended, the lock lifted (see the header). */
export async function resetPassword(
  db: Db,
  token: string,
  input: { password: unknown; ip: string | null }
): Promise<ResetResult> {
  if (!(await findLiveLink(db, 'reset', token))) return { ok: false, reason: 'invalid_link' };
  const password = checkNewPassword(input.password);
  if (!password.ok) return { ok: false, reason: 'invalid_password', error: password.error };
  const passwordHash = await hashPassword(password.value);
  return db.transaction().execute(async (trx): Promise<ResetResult> => {
    const link = await consumeLink(trx, 'reset', token);
    if (!link?.userId) return { ok: false, reason: 'invalid_link' };
    const user = await findUser(trx, link.userId);
    if (!user) return { ok: false, reason: 'invalid_link' };
    await trx.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', user.id).execute();
    const deleted = await trx.deleteFrom('sessions').where('user_id', '=', user.id).executeTakeFirst();
    await clearFailures(trx, accountThrottleKey(user.email));
    await audit(trx, {
      actorId: user.id,
      action: 'user.password_reset',
      target: user.id,
      details: { link: link.id, sessionsEnded: Number(deleted.numDeletedRows) },
      ip: input.ip
    });
    return { ok: true, userId: user.id };
  });
}

/** Seconds until the user's sign-in lock ends by itself (0: not locked). */
export function signInLockedFor(db: Db, user: Pick<UserRow, 'email'>): Promise<number> {
  return lockedFor(db, [accountThrottleKey(user.email)]);
}

/** An administrator lifts a user's sign-in lock (the per-address limit stays); false when no such user. */
export async function unlockSignIn(db: Db, actor: Actor, userId: string): Promise<boolean> {
  const user = await findUser(db, userId);
  if (!user) return false;
  await clearFailures(db, accountThrottleKey(user.email));
  await audit(db, { actorId: actor.id, action: 'auth.unlock', target: user.id, ip: actor.ip });
  return true;
}
