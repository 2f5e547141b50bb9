/**
 * Field checks shared by forms, the API and the CLI. Each returns the clean value or an error key
 * (an i18n message key), never throws: bad input gets a clear message and changes nothing.
 * Every string that is stored or looked up must pass one of them: PostgreSQL refuses a NUL byte in
 * text outright, so an unchecked one turns bad input into a 500 (SQLite would store it silently).
 */
import { isRole, type Role } from '../model/roles.ts';
import { TOKEN_LABEL_MAX } from './auth/api-tokens.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from './auth/password.ts';

export type Check<T> = { ok: true; value: T } | { ok: false; error: string };

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]{1,255}\.[^\s@<>()[\]\\,;:"]{1,63}$/;
// Control characters never belong in a name; bidi controls are allowed (Arabic names).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function checkEmail(value: unknown): Check<string> {
  const email = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!email) return { ok: false, error: 'error.email_required' };
  if (email.length > 254 || !EMAIL.test(email) || CONTROL.test(email))
    return { ok: false, error: 'error.email_invalid' };
  return { ok: true, value: email };
}

export function checkName(value: unknown, max = 200): Check<string> {
  const name = typeof value === 'string' ? value.trim() : '';
  if (!name) return { ok: false, error: 'error.name_required' };
  if (name.length > max) return { ok: false, error: 'error.name_too_long' };
  if (CONTROL.test(name)) return { ok: false, error: 'error.name_invalid' };
  return { ok: true, value: name };
}

export function checkLabel(value: unknown, max = TOKEN_LABEL_MAX): Check<string> {
  const label = typeof value === 'string' ? value.trim() : '';
  if (!label || label.length > max || CONTROL.test(label)) return { ok: false, error: 'error.label_invalid' };
  return { ok: true, value: label };
}

export function checkNewPassword(value: unknown): Check<string> {
  const password = typeof value === 'string' ? value : '';
  if (password.length < PASSWORD_MIN) return { ok: false, error: 'error.password_short' };
  if (password.length > PASSWORD_MAX) return { ok: false, error: 'error.password_long' };
  return { ok: true, value: password };
}

export function checkRole(value: unknown): Check<Role> {
  return isRole(value) ? { ok: true, value } : { ok: false, error: 'error.role_invalid' };
}

/** Ids are base32 (see ids.ts); anything else cannot name a record. */
export function checkId(value: unknown): Check<string> {
  return typeof value === 'string' && /^[a-z2-7]{24}$/.test(value)
    ? { ok: true, value }
    : { ok: false, error: 'error.not_found' };
}
