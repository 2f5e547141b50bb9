/** The one schema per exposure input, for the API and the account form alike (messages in English). */
import * as v from 'valibot';
import { IdSchema, isId } from '../validate.ts';
import { BEAT_MAX_SECONDS, LIMIT_MAX_MINUTES } from './exposure.ts';

const minutes = v.pipe(
  v.number('dailyLimitMinutes must be a number'),
  v.integer('dailyLimitMinutes must be a whole number'),
  v.minValue(0, `dailyLimitMinutes must be 0–${LIMIT_MAX_MINUTES} (0: no limit)`),
  v.maxValue(LIMIT_MAX_MINUTES, `dailyLimitMinutes must be 0–${LIMIT_MAX_MINUTES} (0: no limit)`)
);

/** A subject's id, optional: which of the two a beat names is checked below (a malformed id names nothing). */
const subjectId = (field: string, miss: string) =>
  v.optional(
    v.pipe(
      v.string(`${field} must be a string`),
      v.check((id: string) => isId(id), miss)
    )
  );

/**
 * A heartbeat: seconds the subject — an item in the viewer, or a body's photos on the body page —
 * was shown unprotected since the last one. Exactly one of `itemId` and `bodyId`.
 */
export const BeatSchema = v.pipe(
  v.strictObject({
    itemId: subjectId('itemId', 'No such item.'),
    bodyId: subjectId('bodyId', 'No such body.'),
    seconds: v.pipe(
      v.number('seconds must be a number'),
      v.integer('seconds must be a whole number'),
      v.minValue(1, `seconds must be 1–${BEAT_MAX_SECONDS}`),
      v.maxValue(BEAT_MAX_SECONDS, `seconds must be 1–${BEAT_MAX_SECONDS}`)
    )
  }),
  v.check(
    (beat) => (beat.itemId === undefined) !== (beat.bodyId === undefined),
    'Send exactly one of itemId and bodyId.'
  ),
  v.transform(({ itemId, bodyId, seconds }) => ({
    subject:
      itemId !== undefined ? { kind: 'item' as const, id: itemId } : { kind: 'body' as const, id: bodyId! },
    seconds
  }))
);

/** The user's own settings. */
export const OwnSettingsSchema = v.strictObject({
  dailyLimitMinutes: minutes,
  consent: v.boolean('consent must be true or false')
});

/** A coordinator's limit for a member of the collection (null removes it). */
export const MemberLimitSchema = v.strictObject({
  userId: IdSchema,
  dailyLimitMinutes: v.nullable(minutes)
});
