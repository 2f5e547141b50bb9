import { createTOTPKeyURI, verifyTOTPWithGracePeriod } from '@oslojs/otp';
import { decodeHex, encodeBase32UpperCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { renderSVG } from 'uqr';
import type { Db } from '../db/connect.ts';
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

/** Accepts the current code and the one before it (30 s of clock drift). */
export function verifyTotp(keyHex: string, code: string): boolean {
  if (!/^[0-9a-f]{40}$/.test(keyHex) || !/^\d{6}$/.test(code)) return false;
  return verifyTOTPWithGracePeriod(decodeHex(keyHex), PERIOD, DIGITS, code, PERIOD);
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
