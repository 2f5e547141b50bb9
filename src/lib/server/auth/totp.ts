import { createTOTPKeyURI, verifyHOTP } from '@oslojs/otp';
import { decodeHex, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { renderSVG } from 'uqr';
import type { Db } from '../db/connect.ts';
import { audit } from '../audit/log.ts';
import type { Role } from '../../model/roles.ts';
import { ROLES, isRole } from '../../model/roles.ts';

const PERIOD = 30;
const DIGITS = 6;

export function newTotpKey(): string {
  return encodeHexLowerCase(crypto.getRandomValues(new Uint8Array(20)));
}

export function totpEnrollment(keyHex: string, accountName: string) {
  const key = decodeHex(keyHex);
  const uri = createTOTPKeyURI('Athar', accountName, key, PERIOD, DIGITS);
  const qrDataUrl = `data:image/svg+xml;base64,${Buffer.from(renderSVG(uri)).toString('base64')}`;
  return { uri, secret: encodeBase32UpperCaseNoPadding(key), qrDataUrl };
}

/** The time step a code belongs to: the current one or the one before it (30 s of clock drift). */
export function matchTotpStep(keyHex: string, code: string, now = Date.now()): number | null {
  if (!/^[0-9a-f]{40}$/.test(keyHex) || !/^\d{6}$/.test(code)) return null;
  const key = decodeHex(keyHex);
  const step = Math.floor(now / 1000 / PERIOD);
  for (const candidate of [step, step - 1])
    if (verifyHOTP(key, BigInt(candidate), DIGITS, code)) return candidate;
  return null;
}

/**
 * Accepts a code once: the step it belongs to must be newer than the last step accepted for the
 * user, and is recorded in the same statement, so a code seen (or phished) cannot be replayed
 * within its window, even by two requests at once.
 */
export async function consumeTotp(db: Db, userId: string, keyHex: string, code: string): Promise<boolean> {
  const step = matchTotpStep(keyHex, code);
  if (step === null) return false;
  const result = await db
    .updateTable('users')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

const REQUIRED_KEY = 'totp_required_roles';

export async function rolesRequiringTotp(db: Db): Promise<Role[]> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', REQUIRED_KEY)
    .executeTakeFirst();
  if (!row) return [];
  const parsed: unknown = JSON.parse(row.value);
  return Array.isArray(parsed) ? parsed.filter(isRole) : [];
}

export async function setRolesRequiringTotp(db: Db, roles: Role[]): Promise<void> {
  const value = JSON.stringify(ROLES.filter((r) => roles.includes(r)));
  await db
    .insertInto('settings')
    .values({ key: REQUIRED_KEY, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}

export type TotpEvent = 'enabled' | 'disabled' | 'verified' | 'failed';

/** Every second-factor event leaves the same audit row, `auth.totp_<event>`. */
export async function auditTotp(db: Db, userId: string, event: TotpEvent, ip: string | null): Promise<void> {
  await audit(db, { actorId: userId, action: `auth.totp_${event}`, target: userId, ip });
}

/** Must this user have a second factor (their role is on the instance's list)? */
export async function secondFactorRequired(db: Db, user: { role: string }): Promise<boolean> {
  return (await rolesRequiringTotp(db)).some((role) => role === user.role);
}
