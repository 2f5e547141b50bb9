/**
 * The one schema of a queue request, for the API and the new-queue form alike. Every number is
 * finite and in range, every string free of NUL and control characters (PostgreSQL refuses a NUL
 * in text, so an unchecked one would become a 500), every id of the id shape.
 */
import * as v from 'valibot';
import { checkRequest, isId, MAX_EPOCH_MS, type Check } from '../validate.ts';

export const TASKS = ['annotate', 'transcribe', 'verify'] as const;
export type Task = (typeof TASKS)[number];
export const MAX_SELECTION = 200_000;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const Id = v.custom<string>(isId);

const QueueSchema = v.object({
  collectionId: Id,
  name: v.pipe(
    v.string('name must be 1–200 characters'),
    v.trim(),
    v.minLength(1, 'name must be 1–200 characters'),
    v.maxLength(200, 'name must be 1–200 characters'),
    v.check((s) => !CONTROL.test(s), 'name must not contain control characters')
  ),
  task: v.picklist(TASKS, `task must be one of ${TASKS.join(', ')}`),
  itemIds: v.optional(
    v.pipe(
      v.array(Id, `itemIds must list 1–${MAX_SELECTION} item ids`),
      v.minLength(1, `itemIds must list 1–${MAX_SELECTION} item ids`),
      v.maxLength(MAX_SELECTION, `itemIds must list 1–${MAX_SELECTION} item ids`)
    )
  ),
  filter: v.optional(
    v.object({
      kind: v.optional(v.picklist(['photo', 'document'], 'filter.kind must be photo or document')),
      hasAnnotations: v.optional(v.boolean('filter.hasAnnotations must be true or false'))
    }),
    {}
  ),
  reviewsPerItem: v.pipe(
    v.number('reviewsPerItem must be 1, 2 or 3'),
    v.integer('reviewsPerItem must be 1, 2 or 3'),
    v.minValue(1, 'reviewsPerItem must be 1, 2 or 3'),
    v.maxValue(3, 'reviewsPerItem must be 1, 2 or 3')
  ),
  blind: v.boolean('blind must be true or false'),
  /** Blind queues: a reviewer of an item may not adjudicate it (otherwise they are warned). */
  forbidSelfAdjudication: v.optional(v.boolean('forbidSelfAdjudication must be true or false'), false),
  /**
   * The coordinator has seen that items of a blind queue already have findings on the shared layer
   * (which the reviewers could read before they claim them) and creates it anyway.
   */
  sharedFindingsConfirmed: v.optional(v.boolean('sharedFindingsConfirmed must be true or false'), false),
  memberIds: v.pipe(
    v.array(Id, 'memberIds must list 1–500 user ids'),
    v.minLength(1, 'memberIds must list 1–500 user ids'),
    v.maxLength(500, 'memberIds must list 1–500 user ids'),
    v.transform((ids) => [...new Set(ids)])
  ),
  dueAt: v.optional(
    v.nullable(
      v.pipe(
        v.number('dueAt must be epoch milliseconds'),
        v.integer('dueAt must be epoch milliseconds'),
        v.minValue(0, 'dueAt must be epoch milliseconds'),
        v.maxValue(MAX_EPOCH_MS, 'dueAt must be epoch milliseconds')
      )
    ),
    null
  ),
  contentNote: v.optional(
    v.pipe(
      v.string('contentNote must be at most 2000 characters'),
      v.maxLength(2000, 'contentNote must be at most 2000 characters'),
      v.check((s) => !s.includes('\u0000'), 'contentNote must not contain NUL')
    ),
    ''
  )
});

export type QueueInput = v.InferOutput<typeof QueueSchema>;

/** A queue request, checked; the error is the first problem found, in English. */
export function checkQueueInput(body: unknown): Check<QueueInput> {
  return checkRequest(QueueSchema, body);
}
