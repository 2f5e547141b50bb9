/**
 * The validator's one window on the document model: root names, keys, vocabularies, the selector
 * codec and the finding rules. The model is being restructured (src/lib/model/selector.ts,
 * finding-rules.ts, document/roots.ts); switching to it happens here and nowhere else.
 */
import { ANNOTATIONS, FIELDS, TRANSCRIPTION } from '../../../model/document-schema.ts';
import { FINDING_FIELDS } from '../../../model/injury.ts';
import { BLOCKS, MARK_NAMES, PAGE_FIELDS } from '../../../model/transcription-schema.ts';
import { checkFinding, checkSelector } from '../../../model/w3c.ts';

/** Declared in the component that writes it (adjudication.svelte.ts) until the model owns it. */
export const ADJUDICATION = 'adjudication';
export const DECISION_KINDS: readonly unknown[] = ['accepted', 'merged', 'rejected'];
export const DECISION_KEYS: readonly string[] = ['decision', 'annotationId', 'from', 'by', 'at'];

export { ANNOTATIONS, FIELDS, TRANSCRIPTION, BLOCKS, PAGE_FIELDS };
export const ROOTS: readonly string[] = [ANNOTATIONS, ADJUDICATION, TRANSCRIPTION, FIELDS];

export const ANNOTATION_KEYS: readonly string[] = [
  'target',
  'finding',
  'createdBy',
  'createdAt',
  'updatedBy',
  'updatedAt',
  'sources'
];
export const AUTHOR_KEYS: readonly string[] = ['createdBy', 'updatedBy'];
export const TIME_KEYS: readonly string[] = ['createdAt', 'updatedAt'];
export const FINDING_KEYS: readonly string[] = FINDING_FIELDS;
export const EXPERT_ONLY_FIELD = 'consistency';
export const NAMES_FIELD = 'namesMentioned';
export const MARKS: readonly string[] = MARK_NAMES;
export const LINE_BREAK = 'hardBreak';

/** Limits of w3c.ts (a finding value, a selector) and of the editor (a run of typed text). */
export const FINDING_TEXT_MAX = 5000;
export const PAGE_FIELD_MAX = 5000;
export const SELECTOR_MAX = 20_000;
export const SOURCES_MAX = 20_000;
export const TEXT_RUN_MAX = 100_000;
export const KEY_MAX = 4096;
/** Image coordinates when the item's size is not known here. */
export const MAX_COORDINATE = 100_000;

const SVG_OPEN = /^<svg(?:\s+xmlns="http:\/\/www\.w3\.org\/2000\/svg")?\s*>/;
const SELECTOR_KEYS = new Set(['type', 'conformsTo', 'value']);

/** Why a stored `target` is refused, or null: the codec's selector, with nothing else in it. */
export function targetError(text: string, image?: { width: number; height: number }): string | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return 'target is not JSON';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    return 'target is not a selector';
  if (Object.keys(parsed).some((key) => !SELECTOR_KEYS.has(key))) return 'target has unknown keys';
  const size = image ?? { width: MAX_COORDINATE, height: MAX_COORDINATE };
  const checked = checkSelector(parsed, size.width, size.height);
  if (!checked.ok) return checked.error;
  // checkSelector tolerates attributes on <svg> (it re-emits a bare one); the stored text is what
  // browsers and exports render, so the attributes themselves must be absent.
  const value = (parsed as { value: string }).value.trim();
  if (checked.value.type === 'SvgSelector' && !SVG_OPEN.test(value)) return 'the <svg> must be bare';
  return null;
}

/** Why a finding field's value is refused, or null (vocabularies, sizeMm range). */
export function findingValueError(field: string, value: unknown): string | null {
  if (field === 'sizeMm' && typeof value !== 'number') return 'sizeMm must be a number';
  if (field !== 'sizeMm' && typeof value !== 'string') return `${field} must be text`;
  const checked = checkFinding({ 'athar:field': field, value: String(value) });
  return checked.ok ? null : checked.error;
}
