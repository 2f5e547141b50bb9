/**
 * A body room's document (`body/<bodyId>`): the overall evaluation of the body, as the Istanbul
 * Protocol asks of the examiner, written by forensic experts together.
 *
 *   doc.getMap('evaluation') {
 *     opinion: one of the five consistency levels — the overall opinion on the pattern of findings,
 *     starvation: 'present' | 'absent' | 'undetermined' — signs of starvation,
 *     causeOfDeath: Y.Text — the probable cause of death as documented,
 *     causeConsistent: 'yes' | 'no' | 'undetermined' — is it consistent with the findings,
 *     summary: Y.Text — the written summary,
 *     updatedBy, updatedAt
 *   }
 *
 * The two texts exist from the room's first opening (`seedEvaluation`), so two experts who start
 * typing into an empty field at once write into one Y.Text instead of each setting their own.
 */
import * as Y from 'yjs';
import * as v from 'valibot';
import { CONSISTENCY_LEVELS } from '../injury.ts';
import { hasControlCharacter } from '../finding-rules.ts';
import { replaceProse } from './prose.ts';
import { EVALUATION } from './roots.ts';

export const STARVATION = ['present', 'absent', 'undetermined'] as const;
export const CAUSE_CONSISTENT = ['yes', 'no', 'undetermined'] as const;

/** The choice fields and their vocabularies. */
export const EVALUATION_CHOICES = {
  opinion: CONSISTENCY_LEVELS,
  starvation: STARVATION,
  causeConsistent: CAUSE_CONSISTENT
} as const;
export type EvaluationChoice = keyof typeof EVALUATION_CHOICES;

/** The prose fields (Y.Text) and the longest text each holds. */
export const EVALUATION_PROSE = { causeOfDeath: 1000, summary: 20_000 } as const;
export type EvaluationProse = keyof typeof EVALUATION_PROSE;

export const EVALUATION_AUTHOR_KEYS = ['updatedBy'] as const;
export const EVALUATION_TIME_KEYS = ['updatedAt'] as const;
export const EVALUATION_KEYS = [
  ...(Object.keys(EVALUATION_CHOICES) as EvaluationChoice[]),
  ...(Object.keys(EVALUATION_PROSE) as EvaluationProse[]),
  ...EVALUATION_AUTHOR_KEYS,
  ...EVALUATION_TIME_KEYS
] as const;

export const isEvaluationChoice = (key: unknown): key is EvaluationChoice =>
  typeof key === 'string' && Object.hasOwn(EVALUATION_CHOICES, key);
export const isEvaluationProse = (key: unknown): key is EvaluationProse =>
  typeof key === 'string' && Object.hasOwn(EVALUATION_PROSE, key);

export type Evaluation = {
  opinion: (typeof CONSISTENCY_LEVELS)[number] | null;
  starvation: (typeof STARVATION)[number] | null;
  causeOfDeath: string;
  causeConsistent: (typeof CAUSE_CONSISTENT)[number] | null;
  summary: string;
  updatedBy: string | null;
  updatedAt: number | null;
};

/** Why a value is refused at a choice key, or null. */
export function choiceError(key: EvaluationChoice, value: unknown): string | null {
  const options: readonly unknown[] = EVALUATION_CHOICES[key];
  return value === null || options.includes(value) ? null : `${key} must be one of ${options.join(', ')}`;
}

/** Why text is refused in a prose field (the whole text, or one insert into it), or null. */
export function proseTextError(key: EvaluationProse, text: string): string | null {
  const max = EVALUATION_PROSE[key];
  if (text.length > max) return `${key} is longer than ${max} characters`;
  if (hasControlCharacter(text)) return `${key} holds a control character`;
  return null;
}

const choice = <T extends readonly string[]>(options: T) => v.nullable(v.picklist(options));
const prose = (key: EvaluationProse) =>
  v.pipe(
    v.string(),
    v.check(
      (text) => proseTextError(key, text) === null,
      `${key}: at most ${EVALUATION_PROSE[key]} characters, no control characters`
    )
  );

/** The one schema of an evaluation as people send it (the REST PUT; the panel writes the same fields). */
export const EvaluationInput = v.strictObject({
  opinion: choice(CONSISTENCY_LEVELS),
  starvation: choice(STARVATION),
  causeOfDeath: prose('causeOfDeath'),
  causeConsistent: choice(CAUSE_CONSISTENT),
  summary: prose('summary')
});
export type EvaluationValues = v.InferOutput<typeof EvaluationInput>;

export const evaluationOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(EVALUATION);

function pick<T extends string>(value: unknown, options: readonly T[]): T | null {
  return options.includes(value as T) ? (value as T) : null;
}

function text(value: unknown, key: EvaluationProse): string {
  const raw = value instanceof Y.Text ? value.toString() : '';
  return raw.length > EVALUATION_PROSE[key] ? raw.slice(0, EVALUATION_PROSE[key]) : raw;
}

/** The evaluation as it stands (poison values read as absent). */
export function readEvaluation(doc: Y.Doc): Evaluation {
  const map = evaluationOf(doc);
  const updatedBy = map.get('updatedBy');
  const updatedAt = map.get('updatedAt');
  return {
    opinion: pick(map.get('opinion'), CONSISTENCY_LEVELS),
    starvation: pick(map.get('starvation'), STARVATION),
    causeOfDeath: text(map.get('causeOfDeath'), 'causeOfDeath'),
    causeConsistent: pick(map.get('causeConsistent'), CAUSE_CONSISTENT),
    summary: text(map.get('summary'), 'summary'),
    updatedBy: typeof updatedBy === 'string' ? updatedBy : null,
    updatedAt: typeof updatedAt === 'number' ? updatedAt : null
  };
}

/** Every part answered: the condition for marking a body "evaluated". */
export function evaluationComplete(e: Pick<Evaluation, keyof EvaluationValues>): boolean {
  return (
    e.opinion !== null &&
    e.starvation !== null &&
    e.causeConsistent !== null &&
    e.causeOfDeath.trim() !== '' &&
    e.summary.trim() !== ''
  );
}

/** A client id of its own per room (FNV-1a of the name), so the seed is the same bytes everywhere. */
function seedClient(room: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < room.length; i++) hash = Math.imul(hash ^ room.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * The update that creates the empty texts of a room's evaluation. Why one fixed update: two
 * instances (or a request and a socket) seeding the same room write identical structs, which Yjs
 * keeps once; seeds built by ordinary clients would race, and one text would hide the other.
 */
export function evaluationSeed(room: string): Uint8Array {
  const seed = new Y.Doc({ gc: false });
  seed.clientID = seedClient(room);
  const map = evaluationOf(seed);
  for (const key of Object.keys(EVALUATION_PROSE)) map.set(key, new Y.Text());
  const update = Y.encodeStateAsUpdate(seed);
  seed.destroy();
  return update;
}

/** Does the room's evaluation lack one of its texts? */
export function needsEvaluationSeed(doc: Y.Doc): boolean {
  const map = evaluationOf(doc);
  return Object.keys(EVALUATION_PROSE).some((key) => !(map.get(key) instanceof Y.Text));
}

/** Seeds the texts when missing; returns whether it wrote. */
export function seedEvaluation(doc: Y.Doc, room: string): boolean {
  if (!needsEvaluationSeed(doc)) return false;
  Y.applyUpdate(doc, evaluationSeed(room));
  return true;
}

/**
 * Writes a whole evaluation (the REST PUT) as `author` (seeding the texts first when needed: call it
 * on a seeded document inside someone else's transaction): choices set where they changed, texts
 * changed by their smallest edit (replaceProse) so that whoever is typing keeps their caret.
 */
export function writeEvaluation(
  doc: Y.Doc,
  room: string,
  values: EvaluationValues,
  author: string,
  now: number
): boolean {
  let changed = false;
  // Apart from the writes: Yjs takes a transaction that applies an update as a remote one, and
  // local writes in it would make the document change its client id.
  seedEvaluation(doc, room);
  doc.transact(() => {
    const map = evaluationOf(doc);
    for (const key of Object.keys(EVALUATION_CHOICES) as EvaluationChoice[]) {
      const value = values[key];
      if ((map.get(key) ?? null) === value) continue;
      if (value === null) map.delete(key);
      else map.set(key, value);
      changed = true;
    }
    for (const key of Object.keys(EVALUATION_PROSE) as EvaluationProse[])
      changed = replaceProse(map.get(key) as Y.Text, values[key]) || changed;
    if (changed) {
      map.set('updatedBy', author);
      map.set('updatedAt', now);
    }
  });
  return changed;
}
