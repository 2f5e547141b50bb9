/** The values a client may write at each place of the document (see schema.ts for the places). */
import type { RoomName } from '../../../model/rooms.ts';
import {
  ANNOTATION_KEYS,
  AUTHOR_KEYS,
  choiceError,
  EVALUATION_AUTHORS,
  EVALUATION_TIMES,
  isEvaluationChoice,
  isEvaluationProse,
  proseTextError,
  DECISION_KEYS,
  DELETE_REASON_KEY,
  DELETE_REASON_MAX,
  DECISION_KINDS,
  EXPERT_ONLY_FIELD,
  FINDING_KEYS,
  FINDING_TEXT_MAX,
  KEY_MAX,
  NAMES_FIELD,
  PAGE_FIELD_MAX,
  PAGE_FIELDS,
  SELECTOR_MAX,
  SOURCES_MAX,
  TIME_KEYS,
  decisionReasonError,
  findingValueError,
  hasControlCharacter,
  isProseField,
  maxTextLength,
  targetError
} from './model-rules.ts';
import type { Part } from './schema.ts';
import { refuse, type Refusal, type UpdateSender } from './types.ts';

export type ValueContext = {
  sender: UpdateSender;
  room: RoomName;
  image?: { width: number; height: number };
};

/** Epoch milliseconds a record can plausibly carry (2000 … 2100). */
const EARLIEST = Date.UTC(2000, 0, 1);
const LATEST = Date.UTC(2100, 0, 1);
const MAX_SOURCES = 1000;
const BLOCK_ATTRIBUTES = new Map<string, (value: unknown) => boolean>([
  ['dir', (value) => value === 'ltr' || value === 'rtl'],
  ['level', (value) => Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 6]
]);

/** A string within `max` characters and without NUL (which PostgreSQL cannot store). */
export function textError(value: unknown, what: string, max = KEY_MAX): Refusal | null {
  if (typeof value !== 'string') return refuse('bad-value', `${what} must be text`);
  if (value.length > max) return refuse('too-large', `${what} is longer than ${max} characters`);
  if (value.includes('\u0000')) return refuse('bad-value', `${what} holds a NUL character`);
  return null;
}

function timeError(value: unknown, what: string): Refusal | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= EARLIEST && value <= LATEST
    ? null
    : refuse('bad-value', `${what} must be a time in epoch milliseconds`);
}

function authorError(value: unknown, what: string, sender: UpdateSender): Refusal | null {
  return value === sender.userId
    ? null
    : refuse('forged-author', `${what} must be the sender (${sender.userId})`);
}

function sourcesError(value: unknown): Refusal | null {
  const text = textError(value, 'sources', SOURCES_MAX);
  if (text) return text;
  let list: unknown;
  try {
    list = JSON.parse(value as string);
  } catch {
    return refuse('bad-value', 'sources is not JSON');
  }
  const valid =
    Array.isArray(list) &&
    list.length <= MAX_SOURCES &&
    list.every((s: { assignmentId?: unknown; annotationId?: unknown } | null) => {
      if (typeof s !== 'object' || s === null || Object.keys(s).length !== 2) return false;
      return !textError(s.assignmentId, 'id') && !textError(s.annotationId, 'id');
    });
  return valid ? null : refuse('bad-value', 'sources must list { assignmentId, annotationId }');
}

function annotationValueError(key: string, value: unknown, ctx: ValueContext): Refusal | null {
  if (!ANNOTATION_KEYS.includes(key) || key === 'finding')
    return refuse('schema', `an annotation holds no value "${key.slice(0, 80)}"`);
  if (AUTHOR_KEYS.includes(key)) return authorError(value, key, ctx.sender);
  if (TIME_KEYS.includes(key)) return timeError(value, key);
  if (key === 'sources') return sourcesError(value);
  if (key === DELETE_REASON_KEY) return textError(value, key, DELETE_REASON_MAX);
  const text = textError(value, 'target', SELECTOR_MAX);
  if (text) return text;
  const error = targetError(value as string, ctx.image);
  return error ? refuse('bad-selector', error) : null;
}

function findingValue(key: string, value: unknown, ctx: ValueContext): Refusal | null {
  if (!FINDING_KEYS.includes(key)) return refuse('schema', `a finding has no field "${key.slice(0, 80)}"`);
  if (key === EXPERT_ONLY_FIELD && !ctx.sender.expert)
    return refuse('expert-only', 'only forensic experts give the consistency opinion');
  if (typeof value === 'string') {
    const text = textError(value, key, FINDING_TEXT_MAX);
    if (text) return text;
  }
  const error = findingValueError(key, value);
  return error ? refuse('bad-value', error) : null;
}

/**
 * Text typed into a prose field's Y.Text: no insert longer than the field holds, no control
 * characters (NUL among them). The text's whole length is not summed here: an honest replacement
 * deletes and inserts in one update, and the readers drop a text past its limit anyway.
 */
export function proseError(inserted: string, field: string): Refusal | null {
  if (!isProseField(field)) return refuse('schema', `a finding has no prose field "${field.slice(0, 80)}"`);
  const max = maxTextLength(field);
  if (inserted.length > max) return refuse('too-large', `${field} is longer than ${max} characters`);
  if (hasControlCharacter(inserted))
    return refuse('bad-value', `${field} holds a control character (NUL or similar)`);
  return null;
}

/** Text typed into one of the evaluation's texts (one insert: see proseError). */
export function evaluationProseError(inserted: string, field: string): Refusal | null {
  if (!isEvaluationProse(field))
    return refuse('schema', `the evaluation has no text "${field.slice(0, 80)}"`);
  const error = proseTextError(field, inserted);
  if (!error) return null;
  return refuse(hasControlCharacter(inserted) ? 'bad-value' : 'too-large', error);
}

function evaluationValueError(key: string, value: unknown, sender: UpdateSender): Refusal | null {
  if (EVALUATION_AUTHORS.includes(key)) return authorError(value, key, sender);
  if (EVALUATION_TIMES.includes(key)) return timeError(value, key);
  if (!isEvaluationChoice(key))
    return refuse('schema', `the evaluation holds no value "${key.slice(0, 80)}"`);
  const error = value === null ? `${key} is cleared by deleting it` : choiceError(key, value);
  return error ? refuse('bad-value', error) : null;
}

function decisionError(value: unknown, sender: UpdateSender): Refusal | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return refuse('bad-value', 'a decision is an object');
  const decision = value as Record<string, unknown>;
  if (Object.keys(decision).some((key) => !DECISION_KEYS.includes(key)))
    return refuse('schema', 'a decision holds unknown keys');
  if (!DECISION_KINDS.includes(decision.decision)) return refuse('bad-value', 'unknown decision');
  for (const key of ['annotationId', 'from'])
    if (decision[key] !== null && textError(decision[key], key))
      return refuse('bad-value', `${key} must be an id or null`);
  const author = authorError(decision.by, 'by', sender) ?? timeError(decision.at, 'at');
  if (author) return author;
  const reason = decisionReasonError(decision.decision, decision.reason);
  return reason ? refuse('bad-value', reason) : null;
}

/** Why a plain value (ContentAny) is refused at this place, or null. */
export function anyValueError(
  part: Part,
  key: string | null,
  value: unknown,
  ctx: ValueContext
): Refusal | null {
  if (key !== null) {
    if (part === 'annotation') return annotationValueError(key, value, ctx);
    if (part === 'finding') return findingValue(key, value, ctx);
    if (part === 'adjudication') return decisionError(value, ctx.sender);
    if (part === 'evaluation') return evaluationValueError(key, value, ctx.sender);
    if (part === 'fields' && key !== NAMES_FIELD && PAGE_FIELDS.some((field) => field === key))
      return textError(value, key, PAGE_FIELD_MAX);
    if (part === 'block' && BLOCK_ATTRIBUTES.get(key)?.(value)) return null;
  }
  if (key === null && part === 'names') return textError(value, 'a name', PAGE_FIELD_MAX);
  return refuse('schema', `no such value in ${part}${key === null ? '' : `.${key.slice(0, 80)}`}`);
}
