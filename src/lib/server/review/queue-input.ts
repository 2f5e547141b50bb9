/**
 * The one schema of a queue request, for the API and the new-queue form alike. Every number is
 * finite and in range, every string free of NUL and control characters (PostgreSQL refuses a NUL
 * in text, so an unchecked one would become a 500), every id of the id shape.
 */
import * as v from 'valibot';
import { SEVERITIES } from '../../model/content-labels.ts';
import { checkRequest, isId, MAX_EPOCH_MS, type Check } from '../validate.ts';

export const TASKS = ['annotate', 'transcribe', 'verify'] as const;
export type Task = (typeof TASKS)[number];
export const MAX_SELECTION = 200_000;

// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const Id = v.custom<string>(isId);

/** A due date: epoch milliseconds, or null for none (creation and PATCH alike). */
export const DueAt = v.nullable(
  v.pipe(
    v.number('dueAt must be epoch milliseconds'),
    v.integer('dueAt must be epoch milliseconds'),
    v.minValue(0, 'dueAt must be epoch milliseconds'),
    v.maxValue(MAX_EPOCH_MS, 'dueAt must be epoch milliseconds')
  )
);

/** Co-viewing required from this severity on (1–3), or null for never (creation and PATCH alike). */
export const CoviewFromSeverity = v.nullable(
  v.picklist(SEVERITIES, `coviewFromSeverity must be one of ${SEVERITIES.join(', ')}, or null`)
);

/** Why a blind queue carries no co-viewing rule (wellbeing/coview-rule.ts). */
export const COVIEW_RULE_BLIND =
  'A blind queue cannot require co-viewing: a session opens the shared layer that blind review closes.';

/** 1–500 distinct record ids (members, assignments), named for the message. */
export const userIds = (name: string) =>
  v.pipe(
    v.array(Id, `${name} must list 1–500 ids`),
    v.minLength(1, `${name} must list 1–500 ids`),
    v.maxLength(500, `${name} must list 1–500 ids`),
    v.transform((ids) => [...new Set(ids)])
  );

const QueueSchema = v.pipe(
  v.object({
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
    memberIds: userIds('memberIds'),
    dueAt: v.optional(DueAt, null),
    coviewFromSeverity: v.optional(CoviewFromSeverity, null),
    contentNote: v.optional(
      v.pipe(
        v.string('contentNote must be at most 2000 characters'),
        v.maxLength(2000, 'contentNote must be at most 2000 characters'),
        v.check((s) => !s.includes('\u0000'), 'contentNote must not contain NUL')
      ),
      ''
    )
  }),
  v.check((q) => !q.blind || q.coviewFromSeverity === null, COVIEW_RULE_BLIND)
);

export type QueueInput = v.InferOutput<typeof QueueSchema>;

/** A queue request, checked; the error is the first problem found, in English. */
export function checkQueueInput(body: unknown): Check<QueueInput> {
  return checkRequest(QueueSchema, body);
}
