/**
 * Failed sign-in throttling, per account and per client address, kept in the database so that it
 * holds across restarts and across instances sharing one database.
 * A key that reaches `maxFailures` within `windowMs` is locked for `lockMs`.
 */
import type { Db } from '../db/connect.ts';

export type ThrottlePolicy = { maxFailures: number; windowMs: number; lockMs: number };

const MINUTE = 60_000;
export const ACCOUNT_POLICY: ThrottlePolicy = { maxFailures: 5, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };
export const ADDRESS_POLICY: ThrottlePolicy = { maxFailures: 30, windowMs: 15 * MINUTE, lockMs: 15 * MINUTE };

/** The key of an account's failed sign-ins: one limit for every way of guessing its password. */
export const accountThrottleKey = (email: string) => `signin:account:${email}`;

/** Seconds until every key is free again, or 0 when none is locked. */
export async function lockedFor(db: Db, keys: string[], now = Date.now()): Promise<number> {
  const rows = await db.selectFrom('throttle').select('locked_until').where('key', 'in', keys).execute();
  const until = Math.max(0, ...rows.map((r) => Number(r.locked_until)));
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

/**
 * Adds one failure to the key in a single statement and returns the new count. One statement, not a
 * read then a write: two simultaneous failures must both count (a read-modify-write lost one of them).
 */
export async function recordFailure(
  db: Db,
  key: string,
  policy: ThrottlePolicy,
  now = Date.now()
): Promise<number> {
  const row = await db
    .insertInto('throttle')
    .values({
      key,
      failures: 1,
      window_start: now,
      locked_until: policy.maxFailures <= 1 ? now + policy.lockMs : 0
    })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => {
        const fresh = eb('throttle.window_start', '<', now - policy.windowMs);
        const failures = eb
          .case()
          .when(fresh)
          .then(1)
          .else(eb('throttle.failures', '+', 1))
          .end();
        return {
          failures,
          window_start: eb.case().when(fresh).then(now).else(eb.ref('throttle.window_start')).end(),
          locked_until: eb
            .case()
            .when(failures, '>=', policy.maxFailures)
            .then(now + policy.lockMs)
            .else(eb.ref('throttle.locked_until'))
            .end()
        };
      })
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

/** Takes back one counted failure (an attempt that turned out not to be one), unlocking below the limit. */
export async function refundFailure(db: Db, key: string, policy: ThrottlePolicy): Promise<void> {
  await db
    .updateTable('throttle')
    .set((eb) => ({
      failures: eb('failures', '-', 1),
      locked_until: eb
        .case()
        .when('failures', '<=', policy.maxFailures)
        .then(0)
        .else(eb.ref('locked_until'))
        .end()
    }))
    .where('key', '=', key)
    .where('failures', '>', 0)
    .execute();
}

/**
 * Counts an attempt as a failure against every key *before* it is checked, and returns 0 when it
 * may go ahead or the seconds to wait. Checking first and counting after let every attempt already
 * in flight through (a burst of simultaneous guesses all passed the lock check); counted first, only
 * `maxFailures` of them get a verification. An attempt over the limit takes its count back at once;
 * a successful one must take it back with `refundFailure` (or `clearFailures`).
 */
export async function reserveAttempt(
  db: Db,
  keys: Array<{ key: string; policy: ThrottlePolicy }>,
  now = Date.now()
): Promise<number> {
  const counts: number[] = [];
  for (const { key, policy } of keys) counts.push(await recordFailure(db, key, policy, now));
  if (keys.every(({ policy }, i) => counts[i]! <= policy.maxFailures)) return 0;
  for (const { key, policy } of keys) await refundFailure(db, key, policy);
  return Math.max(
    1,
    await lockedFor(
      db,
      keys.map((k) => k.key),
      now
    )
  );
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('throttle').where('key', '=', key).execute();
}
