/**
 * The schemas of the fields that forms, the API and the CLI share (valibot), and their checks. A
 * check returns the clean value or an error key (an i18n message key), never throws: bad input gets
 * a clear message and changes nothing. Every string that is stored or looked up must pass one of
 * them: PostgreSQL refuses a NUL byte in text outright, so an unchecked one turns bad input into a
 * 500 (SQLite would store it silently).
 */
import * as v from 'valibot';
import type { MessageKey } from '../i18n/index.ts';
import { ROLES, type Role } from '../model/roles.ts';
import { TOKEN_LABEL_MAX } from './auth/api-tokens.ts';
import { PASSWORD_MAX, PASSWORD_MIN } from './auth/password.ts';

export type Check<T, E extends string = string> = { ok: true; value: T } | { ok: false; error: E };
/** A check whose error is a catalogue key, for a form to show in the reader's language. */
export type KeyCheck<T> = Check<T, MessageKey>;

/** A schema message that is a catalogue key: checked at compile time where it is written. */
export const errorKey = <K extends MessageKey>(key: K): K => key;

const EMAIL = /^[^\s@<>()[\]\\,;:"]{1,64}@[^\s@<>()[\]\\,;:"]{1,255}\.[^\s@<>()[\]\\,;:"]{1,63}$/;
// Control characters never belong in a name; bidi controls are allowed (Arabic names).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const noControl = (s: string) => !CONTROL.test(s);

/** Record ids are base32 (see ids.ts); anything else cannot name a record. */
const ID_SHAPE = /^[a-z2-7]{24}$/;
export const IdSchema = v.pipe(
  v.string(errorKey('error.not_found')),
  v.regex(ID_SHAPE, errorKey('error.not_found'))
);

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID_SHAPE.test(value);
}

const EmailSchema = v.pipe(
  v.string(errorKey('error.email_required')),
  v.trim(),
  v.toLowerCase(),
  v.minLength(1, errorKey('error.email_required')),
  v.maxLength(254, errorKey('error.email_invalid')),
  v.regex(EMAIL, errorKey('error.email_invalid')),
  v.check(noControl, errorKey('error.email_invalid'))
);

const nameSchema = (max: number) =>
  v.pipe(
    v.string(errorKey('error.name_required')),
    v.trim(),
    v.minLength(1, errorKey('error.name_required')),
    v.maxLength(max, errorKey('error.name_too_long')),
    v.check(noControl, errorKey('error.name_invalid'))
  );

const labelSchema = (max: number) =>
  v.pipe(
    v.string(errorKey('error.label_invalid')),
    v.trim(),
    v.minLength(1, errorKey('error.label_invalid')),
    v.maxLength(max, errorKey('error.label_invalid')),
    v.check(noControl, errorKey('error.label_invalid'))
  );

const NewPasswordSchema = v.pipe(
  v.string(errorKey('error.password_short')),
  v.minLength(PASSWORD_MIN, errorKey('error.password_short')),
  v.maxLength(PASSWORD_MAX, errorKey('error.password_long'))
);

const RoleSchema = v.picklist(ROLES, errorKey('error.role_invalid'));

/** Free text a person writes (a reason, a note): 1–max characters, no NUL. */
const textSchema = (max: number) =>
  v.pipe(
    v.string(errorKey('error.text_invalid')),
    v.trim(),
    v.minLength(1, errorKey('error.text_invalid')),
    v.maxLength(max, errorKey('error.text_invalid')),
    v.check((s) => !s.includes('\u0000'), errorKey('error.text_invalid'))
  );

/** Epoch milliseconds up to the year 9999: what a date column and `new Date()` both hold. */
export const MAX_EPOCH_MS = 253_402_300_799_999;

/**
 * Epoch milliseconds written as text (a header): decimal digits only, at most MAX_EPOCH_MS. `Number`
 * alone would take `1e300` or `9007199254740993` (not exactly representable), which a date column
 * then cannot hold.
 */
export function checkEpochMsText(value: string): KeyCheck<number> {
  const n = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
  return n <= MAX_EPOCH_MS ? { ok: true, value: n } : { ok: false, error: errorKey('error.time_invalid') };
}

/** A value through a schema whose messages are error keys: the first problem is the answer. */
export function checkWith<S extends v.GenericSchema>(schema: S, value: unknown): KeyCheck<v.InferOutput<S>> {
  const result = v.safeParse(schema, value, { abortPipeEarly: true });
  // Safe narrowing: every schema given to checkWith writes its messages through errorKey().
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, error: result.issues[0].message as MessageKey };
}

/**
 * An API request through its schema, whose messages are English sentences: the first problem is the
 * answer, and valibot's own generic messages ("Invalid …") name the field instead.
 */
export function checkRequest<S extends v.GenericSchema>(schema: S, body: unknown): Check<v.InferOutput<S>> {
  const result = v.safeParse(schema, body, { abortPipeEarly: true });
  if (result.success) return { ok: true, value: result.output };
  const issue = result.issues[0];
  const message = issue.message.startsWith('Invalid')
    ? `${v.getDotPath(issue) ?? 'body'} is invalid`
    : issue.message;
  return { ok: false, error: message };
}

export const checkEmail = (value: unknown): KeyCheck<string> => checkWith(EmailSchema, value);
export const checkName = (value: unknown, max = 200): KeyCheck<string> => checkWith(nameSchema(max), value);
export const checkLabel = (value: unknown, max = TOKEN_LABEL_MAX): KeyCheck<string> =>
  checkWith(labelSchema(max), value);
export const checkNewPassword = (value: unknown): KeyCheck<string> => checkWith(NewPasswordSchema, value);
export const checkRole = (value: unknown): KeyCheck<Role> => checkWith(RoleSchema, value);
export const checkId = (value: unknown): KeyCheck<string> => checkWith(IdSchema, value);
export const checkText = (value: unknown, max: number): KeyCheck<string> => checkWith(textSchema(max), value);
