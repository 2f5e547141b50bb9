/**
 * Invitations: an administrator or a coordinator invites someone by e-mail address and role; the
 * invitee opens the one-time link and sets their own name and password, so nobody else ever knows
 * it. The same functions serve the admin page, `POST /api/invitations` and `athar user invite`.
 *
 * Invariants:
 * - Who may invite whom is `invitesAs` (model/roles.ts): a coordinator cannot make an administrator.
 * - The link is single-use and expires (links.ts); accepting it creates exactly one account, in the
 *   same transaction that uses the link up.
 * - Every invitation and every acceptance is audited.
 */
import * as v from 'valibot';
import { translate, type Locale, type MessageKey } from '../../i18n/index.ts';
import { ROLE_LABEL } from '../../i18n/vocabulary.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { audit } from '../audit/log.ts';
import { hashPassword } from '../auth/password.ts';
import { invitesAs, isRole, type HasRole, type Role } from '../../model/roles.ts';
import { findUserByEmail, insertUserHashed } from '../users/users.ts';
import type { Actor } from '../users/manage.ts';
import {
  checkEmail,
  checkName,
  checkNewPassword,
  checkRole,
  checkWith,
  errorKey,
  type KeyCheck
} from '../validate.ts';
import { consumeLink, createLink, findLiveLink, linkUrl, type AccountLink } from './links.ts';
import { linkExpiry, sendLinkMail, type MailOutcome } from './mail.ts';

export type InvitationInput = { email: string; role: Role; expert: boolean };
type FieldErrors = Partial<Record<'email' | 'role' | 'expert', MessageKey>>;

const ExpertSchema = v.optional(v.boolean(errorKey('error.expert_invalid')), false);

/** The one check of an invitation, for the form, the API and the CLI: clean values or error keys. */
export function checkInvitation(input: {
  email: unknown;
  role: unknown;
  expert: unknown;
}): { ok: true; value: InvitationInput } | { ok: false; errors: FieldErrors } {
  const email = checkEmail(input.email);
  const role = checkRole(input.role);
  const expert: KeyCheck<boolean> = checkWith(ExpertSchema, input.expert);
  if (email.ok && role.ok && expert.ok)
    return { ok: true, value: { email: email.value, role: role.value, expert: expert.value } };
  return {
    ok: false,
    errors: {
      email: email.ok ? undefined : email.error,
      role: role.ok ? undefined : role.error,
      expert: expert.ok ? undefined : expert.error
    }
  };
}

export type InviteResult =
  | { ok: true; link: AccountLink; url: string; mail: MailOutcome }
  | { ok: false; reason: 'forbidden_role' | 'email_taken' };

/**
 * Invites someone (see the header); the link's URL is returned to be shown, and mailed when SMTP is
 * set. The invited person has no account (so no language) yet: the mail is in the inviter's
 * interface language (`inviter.locale`; English from the CLI).
 */
export async function invite(
  db: Db,
  config: Pick<Config, 'inviteTtlMs' | 'smtpUrl' | 'mailFrom'>,
  inviter: HasRole & Actor & { locale?: Locale },
  origin: string,
  input: InvitationInput
): Promise<InviteResult> {
  if (!invitesAs(inviter, input.role)) return { ok: false, reason: 'forbidden_role' };
  if (await findUserByEmail(db, input.email)) return { ok: false, reason: 'email_taken' };
  const { token, link } = await createLink(db, {
    purpose: 'invite',
    email: input.email,
    role: input.role,
    expert: input.expert,
    createdBy: inviter.id,
    ttlMs: config.inviteTtlMs
  });
  await audit(db, {
    actorId: inviter.id,
    action: 'user.invite',
    target: link.id,
    details: { email: input.email, role: input.role, expert: input.expert, expiresAt: link.expiresAt },
    ip: inviter.ip
  });
  const url = linkUrl(origin, 'invite', token);
  const locale = inviter.locale ?? 'en';
  const mail = await sendLinkMail(config, {
    to: input.email,
    subject: translate(locale, 'mail.invite_subject'),
    text: translate(locale, 'mail.invite_text', {
      role: translate(locale, ROLE_LABEL[input.role]),
      until: linkExpiry(link.expiresAt),
      url
    })
  });
  return { ok: true, link, url, mail };
}

export { findLiveLink };

export type AcceptResult =
  | { ok: true; user: UserRow }
  | { ok: false; reason: 'invalid_link' | 'email_taken' }
  | { ok: false; reason: 'invalid'; errors: Partial<Record<'name' | 'password', MessageKey>> };

/**
 * The invitee sets their name and password: one account, or why not. The password is hashed before
 * the transaction (Argon2 must not hold the database); the link is used up and the account made in
 * one transaction, so a second submission of the link, simultaneous or later, makes nothing.
 */
export async function acceptInvitation(
  db: Db,
  token: string,
  input: { name: unknown; password: unknown; ip: string | null }
): Promise<AcceptResult> {
  if (!(await findLiveLink(db, 'invite', token))) return { ok: false, reason: 'invalid_link' };
  const name = checkName(input.name);
  const password = checkNewPassword(input.password);
  if (!name.ok || !password.ok) {
    return {
      ok: false,
      reason: 'invalid',
      errors: { name: name.ok ? undefined : name.error, password: password.ok ? undefined : password.error }
    };
  }
  const passwordHash = await hashPassword(password.value);
  return db.transaction().execute(async (trx): Promise<AcceptResult> => {
    const link = await consumeLink(trx, 'invite', token);
    if (!link || !isRole(link.role)) return { ok: false, reason: 'invalid_link' };
    const user = await insertUserHashed(trx, {
      email: link.email,
      name: name.value,
      role: link.role,
      expert: link.expert,
      passwordHash
    });
    // The address got an account some other way since the invitation: the link is spent, nothing made.
    if (!user) return { ok: false, reason: 'email_taken' };
    await audit(trx, {
      actorId: user.id,
      action: 'user.invite_accept',
      target: user.id,
      details: { invitation: link.id, email: user.email, role: user.role, expert: link.expert },
      ip: input.ip
    });
    return { ok: true, user };
  });
}
