/**
 * The roots of a room's Yjs document and the keys each may hold: the list a socket validator
 * consults before an update reaches a room, and the readers and writers of this folder follow.
 * A key or root not listed here is not part of the schema.
 */
import { FINDING_FIELDS } from '../injury.ts';
import { MAX_SELECTOR_LENGTH } from '../selector.ts';
import { PAGE_FIELDS } from '../transcription-schema.ts';

/**
 * Version 2: the prose fields of a finding (colour, pattern, mechanism, notes — PROSE_FIELDS) are a
 * Y.Text each, present from the finding's creation, instead of plain strings; choice and number
 * fields stay plain values. A version 1 room is upgraded once, on load, by one logged update
 * (prose.ts `upgradeProse`); readers take both shapes.
 */
export const SCHEMA_VERSION = 2;

export const ANNOTATIONS = 'annotations';
export const ADJUDICATION = 'adjudication';
export const TRANSCRIPTION = 'transcription';
export const FIELDS = 'fields';
/** The one root of a body room (`body/<id>`): its overall evaluation (evaluation.ts). */
export const EVALUATION = 'evaluation';

/** Every root and its Yjs type. */
export const DOCUMENT_ROOTS = {
  [ANNOTATIONS]: 'map',
  [ADJUDICATION]: 'map',
  [TRANSCRIPTION]: 'xml',
  [FIELDS]: 'map'
} as const;
export type DocumentRoot = keyof typeof DOCUMENT_ROOTS;
/** Every root of a body room's document and its Yjs type. */
export const BODY_ROOTS = { [EVALUATION]: 'map' } as const;

/**
 * A deleted annotation keeps its map and gains these keys (a tombstone); restoring deletes them.
 * `deletedBy` names the sender, as `updatedBy` does.
 */
export const TOMBSTONE_KEYS = ['deletedBy', 'deletedAt', 'deleteReason'] as const;

/**
 * Keys of one annotation's Y.Map (annotationId → Y.Map). `finding` is a Y.Map of FINDING_KEYS: a
 * Y.Text for each prose field, a plain value for the others.
 */
export const ANNOTATION_KEYS = [
  'target',
  'finding',
  'createdBy',
  'createdAt',
  'updatedBy',
  'updatedAt',
  'sources',
  ...TOMBSTONE_KEYS
] as const;
export type AnnotationKey = (typeof ANNOTATION_KEYS)[number];
export const FINDING_KEYS = FINDING_FIELDS;

/** Keys of one adjudication decision (a plain JSON value under its group key). */
export const DECISION_KEYS = ['decision', 'annotationId', 'from', 'by', 'at', 'reason'] as const;
export const DECISION_KINDS = ['accepted', 'merged', 'rejected'] as const;
/** Decisions that must say why (an acceptance may). */
export const REASONED_DECISIONS: readonly string[] = ['merged', 'rejected'];

/** Keys of the `fields` map; `namesMentioned` is a Y.Array of strings, the others strings. */
export const FIELD_KEYS = PAGE_FIELDS;

export const LIMITS = {
  /** Annotation ids: Annotorious' UUIDs, server UUIDs, or a review finding's id (adjudication). */
  annotationId: /^[A-Za-z0-9_-]{1,64}$/,
  /** User ids as the database issues them. */
  userId: /^[a-z2-7]{24}$/,
  /** Timestamps are epoch milliseconds, integers, before the year 2100. */
  maxTimestamp: 4_102_444_800_000,
  targetLength: MAX_SELECTOR_LENGTH + 200,
  /** One adjudicated finding comes from at most this many review findings. */
  maxSources: 16,
  /** A group key joins its members' `assignmentId:annotationId`. */
  groupKeyLength: 16 * (24 + 1 + 64 + 1),
  /** A page field's text, a name mentioned, and how many names a page lists. */
  fieldLength: 500,
  /** Why a colleague's finding was deleted. */
  deleteReasonLength: 500,
  /** Why an adjudicator decided as they did. */
  reasonLength: 2000,
  maxNames: 500,
  /** Nesting of the transcription (XML elements) and of any value. */
  maxDepth: 32
} as const;

export const isTimestamp = (n: unknown): n is number =>
  typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= LIMITS.maxTimestamp;
