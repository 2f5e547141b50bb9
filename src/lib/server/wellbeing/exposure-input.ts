/** The one schema per exposure input, for the API and the account form alike (messages in English). */
import * as v from 'valibot';
import { IdSchema } from '../validate.ts';
import { BEAT_MAX_SECONDS, LIMIT_MAX_MINUTES } from './exposure.ts';

const minutes = v.pipe(
  v.number('dailyLimitMinutes must be a number'),
  v.integer('dailyLimitMinutes must be a whole number'),
  v.minValue(0, `dailyLimitMinutes must be 0–${LIMIT_MAX_MINUTES} (0: no limit)`),
  v.maxValue(LIMIT_MAX_MINUTES, `dailyLimitMinutes must be 0–${LIMIT_MAX_MINUTES} (0: no limit)`)
);

/** A heartbeat: seconds an item was shown unprotected since the last one. */
export const BeatSchema = v.strictObject({
  itemId: v.pipe(v.string('itemId is required'), v.regex(/^[a-z2-7]{24}$/, 'No such item.')),
  seconds: v.pipe(
    v.number('seconds must be a number'),
    v.integer('seconds must be a whole number'),
    v.minValue(1, `seconds must be 1–${BEAT_MAX_SECONDS}`),
    v.maxValue(BEAT_MAX_SECONDS, `seconds must be 1–${BEAT_MAX_SECONDS}`)
  )
});

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
