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

/** Seconds until every key is free again, or 0 when none is locked. */
export async function lockedFor(db: Db, keys: string[], now = Date.now()): Promise<number> {
  const rows = await db.selectFrom('throttle').select('locked_until').where('key', 'in', keys).execute();
  const until = Math.max(0, ...rows.map((r) => Number(r.locked_until)));
  return until > now ? Math.ceil((until - now) / 1000) : 0;
}

export async function recordFailure(
  db: Db,
  key: string,
  policy: ThrottlePolicy,
  now = Date.now()
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('throttle').selectAll().where('key', '=', key).executeTakeFirst();
    const fresh = !row || now - Number(row.window_start) > policy.windowMs;
    const failures = fresh ? 1 : row.failures + 1;
    const values = {
      key,
      failures,
      window_start: fresh ? now : Number(row.window_start),
      locked_until: failures >= policy.maxFailures ? now + policy.lockMs : row ? Number(row.locked_until) : 0
    };
    await trx
      .insertInto('throttle')
      .values(values)
      .onConflict((oc) => oc.column('key').doUpdateSet(values))
      .execute();
  });
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.deleteFrom('throttle').where('key', '=', key).execute();
}
