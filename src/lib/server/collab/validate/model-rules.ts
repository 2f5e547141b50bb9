/**
 * The validator's one window on the document model: root names, keys, vocabularies, the selector
 * codec and the finding rules all come from src/lib/model/, the same owners the REST import and the
 * browser call, so the socket refuses exactly what they refuse.
 */
import {
  ADJUDICATION,
  ANNOTATION_KEYS as MODEL_ANNOTATION_KEYS,
  ANNOTATIONS,
  DECISION_KEYS as MODEL_DECISION_KEYS,
  DECISION_KINDS as MODEL_DECISION_KINDS,
  DOCUMENT_ROOTS,
  FIELDS,
  FINDING_KEYS as MODEL_FINDING_KEYS,
  LIMITS,
  TRANSCRIPTION
} from '../../../model/document/roots.ts';
import { decisionReasonError } from '../../../model/document/adjudication.ts';
import { mayRestore } from '../../../model/document/tombstones.ts';
import {
  checkFindingField,
  EXPERT_FIELDS,
  hasControlCharacter,
  isProseField,
  maxTextLength,
  NOTES_MAX
} from '../../../model/finding-rules.ts';
import { MAX_COORDINATE, MAX_SELECTOR_LENGTH, parseSelector } from '../../../model/selector.ts';
import { BLOCKS, MARK_NAMES, NAMES_MENTIONED, PAGE_FIELDS } from '../../../model/transcription-schema.ts';

export { decisionReasonError };
export { ADJUDICATION, ANNOTATIONS, FIELDS, TRANSCRIPTION, BLOCKS, PAGE_FIELDS, MAX_COORDINATE };
export { hasControlCharacter, isProseField, maxTextLength, mayRestore };
export const ROOTS: readonly string[] = Object.keys(DOCUMENT_ROOTS);
export const DECISION_KINDS: readonly unknown[] = MODEL_DECISION_KINDS;
export const DECISION_KEYS: readonly string[] = MODEL_DECISION_KEYS;
export const ANNOTATION_KEYS: readonly string[] = MODEL_ANNOTATION_KEYS;
export const AUTHOR_KEYS: readonly string[] = ['createdBy', 'updatedBy', 'deletedBy'];
export const TIME_KEYS: readonly string[] = ['createdAt', 'updatedAt', 'deletedAt'];
export const DELETE_REASON_KEY = 'deleteReason';
/** The key whose presence makes an annotation a tombstone. */
export const TOMBSTONE_MARK = 'deletedBy';
export const FINDING_KEYS: readonly string[] = MODEL_FINDING_KEYS;
export const EXPERT_ONLY_FIELD = [...EXPERT_FIELDS][0]!;
export const NAMES_FIELD = NAMES_MENTIONED;
export const MARKS: readonly string[] = MARK_NAMES;
export const LINE_BREAK = 'hardBreak';

/** Sizes: the model's where it states them; a run of typed text and a map key are the socket's own. */
export const FINDING_TEXT_MAX = NOTES_MAX;
export const PAGE_FIELD_MAX = LIMITS.fieldLength;
export const DELETE_REASON_MAX = LIMITS.deleteReasonLength;
export const SELECTOR_MAX = LIMITS.targetLength;
export const SOURCES_MAX = 20_000;
export const TEXT_RUN_MAX = 100_000;
export const KEY_MAX = 4096;

const SELECTOR_KEYS = new Set(['type', 'conformsTo', 'value']);

/** Why a stored `target` is refused, or null: the codec's selector, with nothing else in it. */
export function targetError(text: string, image?: { width: number; height: number }): string | null {
  if (text.length > MAX_SELECTOR_LENGTH + 200) return 'target too long';
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'target is not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return 'target is not a selector';
  if (Object.keys(parsed).some((key) => !SELECTOR_KEYS.has(key))) return 'target has unknown keys';
  const checked = parseSelector(parsed, image);
  return checked.ok ? null : checked.message;
}

/** Why a finding field's value is refused, or null (vocabularies, lengths, sizeMm range). */
export function findingValueError(field: string, value: unknown): string | null {
  const checked = checkFindingField(field, value);
  return checked.ok ? null : checked.message;
}
