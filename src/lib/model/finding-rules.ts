/**
 * The one rule set for a finding (the `finding` map of an annotation): which fields exist, what
 * each may hold, and who may write it. The browser's finding panel, the REST import and the socket
 * validator all call these functions, so a value refused in one place is refused everywhere.
 *
 * Limits, one per field:
 * - lesionType, bodyRegion, side, confidence: one key of their vocabulary (injury.ts);
 * - consistency: one of the five Istanbul Protocol levels, written by forensic experts only;
 * - sizeMm: a finite number, 0–10,000 mm;
 * - colour, pattern, mechanism: text of at most 500 characters;
 * - notes: text of at most 5,000 characters;
 * - text carries no control characters but tab and line breaks (PostgreSQL refuses NUL; the others
 *   only hide content from the reader).
 * The text fields are prose (PROSE_FIELDS): since schema version 2 the document holds each as a
 * Y.Text, edited character by character; the rules above apply to its content.
 * Who: observers (and read-only layers) write nothing; `consistency` needs the expert flag.
 */
import * as v from 'valibot';
import {
  BODY_REGIONS,
  CONFIDENCE,
  CONSISTENCY_LEVELS,
  FINDING_FIELDS,
  LESION_TYPES,
  SIDES,
  type Finding,
  type FindingField
} from './injury.ts';

export const SHORT_TEXT_MAX = 500;
export const NOTES_MAX = 5000;
export const SIZE_MM_MAX = 10_000;

export type FieldRule =
  | { kind: 'choice'; options: readonly string[] }
  | { kind: 'text'; maxLength: number }
  | { kind: 'number'; min: number; max: number };

export const FIELD_RULES: Record<FindingField, FieldRule> = {
  lesionType: { kind: 'choice', options: LESION_TYPES },
  bodyRegion: { kind: 'choice', options: BODY_REGIONS },
  side: { kind: 'choice', options: SIDES },
  sizeMm: { kind: 'number', min: 0, max: SIZE_MM_MAX },
  colour: { kind: 'text', maxLength: SHORT_TEXT_MAX },
  pattern: { kind: 'text', maxLength: SHORT_TEXT_MAX },
  mechanism: { kind: 'text', maxLength: SHORT_TEXT_MAX },
  consistency: { kind: 'choice', options: CONSISTENCY_LEVELS },
  confidence: { kind: 'choice', options: CONFIDENCE },
  notes: { kind: 'text', maxLength: NOTES_MAX }
};

/** Free-text fields: a Y.Text in the document (schema version 2), typed into together. */
export const PROSE_FIELDS: readonly FindingField[] = FINDING_FIELDS.filter(
  (field) => FIELD_RULES[field].kind === 'text'
);
export const isProseField = (field: unknown): field is FindingField =>
  PROSE_FIELDS.some((prose) => prose === field);

/** The longest text a field holds (0 for fields that hold no text). */
export function maxTextLength(field: FindingField): number {
  const rule = FIELD_RULES[field];
  return rule.kind === 'text' ? rule.maxLength : 0;
}

/** Fields only a forensic expert may write. */
export const EXPERT_FIELDS: ReadonlySet<FindingField> = new Set(['consistency']);

// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** Does typed text carry a control character the rules refuse (NUL among them)? */
export const hasControlCharacter = (text: string): boolean => CONTROL.test(text);

type ValueSchema = v.GenericSchema<unknown, string | number>;

function schemaOf(rule: FieldRule): ValueSchema {
  if (rule.kind === 'choice') return v.picklist(rule.options as string[]);
  if (rule.kind === 'number')
    return v.pipe(v.number(), v.finite(), v.minValue(rule.min), v.maxValue(rule.max));
  return v.pipe(
    v.string(),
    v.maxLength(rule.maxLength),
    v.check((s) => !hasControlCharacter(s))
  );
}

const SCHEMAS = Object.fromEntries(FINDING_FIELDS.map((f) => [f, schemaOf(FIELD_RULES[f])])) as Record<
  FindingField,
  ValueSchema
>;

/** Who writes: `readOnly` for observers and layers that are not theirs. */
export type FindingAuthor = { readOnly: boolean; expert: boolean };

export type FindingErrorCode = 'unknown_field' | 'invalid_value' | 'forbidden';
export type FindingError = { ok: false; code: FindingErrorCode; field: string; message: string };

export const isFindingField = (field: unknown): field is FindingField =>
  typeof field === 'string' && (FINDING_FIELDS as readonly string[]).includes(field);

export function mayWriteField(author: FindingAuthor, field: FindingField): boolean {
  return !author.readOnly && (!EXPERT_FIELDS.has(field) || author.expert);
}

function describe(field: FindingField): string {
  const rule = FIELD_RULES[field];
  if (rule.kind === 'choice') return `${field} must be one of ${rule.options.join(', ')}`;
  if (rule.kind === 'number') return `${field} must be a number ${rule.min}–${rule.max}`;
  return `${field} must be text of at most ${rule.maxLength} characters, without control characters`;
}

/** One stored value of one field; with an author, also whether they may write it. */
export function checkFindingField(
  field: unknown,
  value: unknown,
  author?: FindingAuthor
): { ok: true; field: FindingField; value: string | number } | FindingError {
  if (!isFindingField(field))
    return {
      ok: false,
      code: 'unknown_field',
      field: String(field).slice(0, 40),
      message: `a finding field is one of ${FINDING_FIELDS.join(', ')}`
    };
  const parsed = v.safeParse(SCHEMAS[field], value);
  if (!parsed.success) return { ok: false, code: 'invalid_value', field, message: describe(field) };
  if (author && !mayWriteField(author, field)) {
    const message = author.readOnly
      ? 'this layer is read-only for you'
      : `only forensic experts may give the ${field} opinion`;
    return { ok: false, code: 'forbidden', field, message };
  }
  return { ok: true, field, value: parsed.output };
}

/** A whole finding (a plain object of field → value); the first error found, or the finding. */
export function checkFinding(
  input: unknown,
  author?: FindingAuthor
): { ok: true; value: Finding } | FindingError {
  if (!input || typeof input !== 'object' || Array.isArray(input))
    return { ok: false, code: 'invalid_value', field: '', message: 'a finding is an object of fields' };
  const finding: Finding = {};
  for (const [field, value] of Object.entries(input)) {
    const checked = checkFindingField(field, value, author);
    if (!checked.ok) return checked;
    finding[checked.field] = checked.value;
  }
  return { ok: true, value: finding };
}

/**
 * What a person typed into a field, as it would be stored: text trimmed, sizes with a decimal comma
 * accepted and rounded to a tenth; an empty input clears the field (`null`).
 */
export function findingInput(
  field: FindingField,
  raw: string
): { ok: true; value: string | number | null } | FindingError {
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  const value = FIELD_RULES[field].kind === 'number' ? parseDecimal(text) : text;
  const checked = checkFindingField(field, value);
  return checked.ok ? { ok: true, value: checked.value } : checked;
}

function parseDecimal(text: string): number {
  if (!/^\d+(?:[.,]\d+)?$/.test(text)) return Number.NaN;
  return Math.round(Number(text.replace(',', '.')) * 10) / 10;
}
