/**
 * The exposure ledger: how long each reviewer looked at unprotected images, per UTC day.
 *
 * Invariants:
 * - A heartbeat credits the signed-in user only (the user comes from the session, never the body),
 *   for an item or a body (its photos on the body page) that user may see; the subject's collection
 *   gets the same seconds for team totals.
 * - What a heartbeat may add is bounded by the wall time since the user's last credited one, whatever
 *   its subject (and by BEAT_MAX_SECONDS), so no client — hostile, parallel, replaying or alternating
 *   items and bodies — can record more than the time that passed. Rows are one per user and day
 *   plus one per user, day and collection viewed.
 * - Items viewed are the server's own `item_views` (recorded when a page opens an item).
 */
import { sql } from 'kysely';
import {
  BEAT_MAX_SECONDS,
  type ExposureDay,
  type ExposureSettings,
  type MyExposure
} from '../../model/exposure.ts';
import type { Db } from '../db/connect.ts';

export { BEAT_MAX_SECONDS, type MyExposure };

/** A daily limit is 0 (none) to this many minutes. */
export const LIMIT_MAX_MINUTES = 720;
/** After a dismissed break prompt, the next one comes this many minutes of exposure later. */
export const REPROMPT_MINUTES = 30;
/** The defaults protect: a soft limit of two hours unblurred a day; no consent to individual figures. */
export const DEFAULT_SETTINGS: ExposureSettings = { ownLimit: 120, coordinatorLimit: null, consent: false };

const DAY_MS = 86_400_000;
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
/** The UTC days from `days - 1` days ago to today, oldest first. */
export function lastDays(now: number, days: number): string[] {
  return Array.from({ length: days }, (_, i) => dayOf(now - (days - 1 - i) * DAY_MS));
}

export async function getSettings(db: Db, userId: string): Promise<ExposureSettings> {
  const row = await db
    .selectFrom('exposure_settings')
    .selectAll()
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_SETTINGS };
  return { ownLimit: row.own_limit, coordinatorLimit: row.coordinator_limit, consent: row.consent === 1 };
}

/** The limit that applies: the stricter of the user's and the coordinator's (0 and null: none). */
export function effectiveLimit(settings: ExposureSettings): number {
  const limits = [settings.ownLimit, settings.coordinatorLimit].filter((m): m is number => !!m && m > 0);
  return limits.length ? Math.min(...limits) : 0;
}

async function saveSettings(db: Db, userId: string, settings: ExposureSettings): Promise<void> {
  const values = {
    own_limit: settings.ownLimit,
    coordinator_limit: settings.coordinatorLimit,
    consent: settings.consent ? 1 : 0
  };
  await db
    .insertInto('exposure_settings')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}

/** The user's own choices (a coordinator's limit is kept). */
export async function setOwnSettings(
  db: Db,
  userId: string,
  own: { ownLimit: number; consent: boolean }
): Promise<ExposureSettings> {
  const settings = { ...(await getSettings(db, userId)), ...own };
  await saveSettings(db, userId, settings);
  return settings;
}

/** A coordinator's limit for a user (null removes it); the user's own choices are kept. */
export async function setCoordinatorLimit(db: Db, userId: string, minutes: number | null): Promise<void> {
  await saveSettings(db, userId, { ...(await getSettings(db, userId)), coordinatorLimit: minutes });
}

/**
 * Credits up to `claimed` seconds of unprotected viewing of an item or a body in `collectionId` to
 * `userId`; returns the seconds credited. The bound is the user's, not the subject's: an item beat
 * and a body beat (two tabs) draw on the same elapsed time.
 */
export async function recordExposure(
  db: Db,
  userId: string,
  collectionId: string,
  claimed: number,
  now = Date.now()
): Promise<number> {
  const day = dayOf(now);
  const row = await db
    .selectFrom('exposure_days')
    .select(['last_at'])
    .where('user_id', '=', userId)
    .where('day', '=', day)
    .executeTakeFirst();
  const elapsed = row ? Math.floor((now - Number(row.last_at)) / 1000) : BEAT_MAX_SECONDS;
  const seconds = Math.max(0, Math.min(claimed, BEAT_MAX_SECONDS, elapsed));
  if (seconds === 0) return 0;
  if (!row) {
    // Two first beats of the day race on the insert: the loser credits nothing.
    const inserted = await db
      .insertInto('exposure_days')
      .values({ user_id: userId, day, seconds, breaks: 0, last_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'day']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return 0;
  } else {
    // Compare-and-set on the clock: of parallel beats read against the same `last_at`, one wins,
    // so concurrent requests cannot each claim the same elapsed time.
    const updated = await db
      .updateTable('exposure_days')
      .set({ seconds: sql`seconds + ${seconds}`, last_at: now })
      .where('user_id', '=', userId)
      .where('day', '=', day)
      .where('last_at', '=', row.last_at)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return 0;
  }
  await db
    .insertInto('exposure_collections')
    .values({ collection_id: collectionId, day, user_id: userId, seconds })
    .onConflict((oc) =>
      oc
        .columns(['collection_id', 'day', 'user_id'])
        .doUpdateSet({ seconds: sql`exposure_collections.seconds + ${seconds}` })
    )
    .execute();
  return seconds;
}

/** A break prompt dismissed today (counted; the prompt is soft). Bounded: one counter per day. */
export async function recordBreak(db: Db, userId: string, now = Date.now()): Promise<void> {
  await db
    .insertInto('exposure_days')
    .values({ user_id: userId, day: dayOf(now), seconds: 0, breaks: 1, last_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'day']).doUpdateSet({ breaks: sql`exposure_days.breaks + 1` }))
    .execute();
}

/** Distinct items opened per UTC day since `since` (epoch ms), by `item_views`. */
export async function itemsPerDay(
  db: Db,
  since: number,
  filter: { userId?: string; collectionId?: string }
): Promise<Map<string, number>> {
  const dayNumber = sql<number>`(v.at / ${sql.lit(DAY_MS)})`;
  let query = db
    .selectFrom('item_views as v')
    .select([dayNumber.as('d'), sql<number>`count(distinct v.item_id)`.as('n')])
    .where('v.at', '>=', since);
  if (filter.userId) query = query.where('v.user_id', '=', filter.userId);
  if (filter.collectionId)
    query = query.where('v.item_id', 'in', (eb) =>
      eb.selectFrom('items').select('id').where('collection_id', '=', filter.collectionId!)
    );
  const rows = await query.groupBy(dayNumber).execute();
  return new Map(rows.map((r) => [dayOf(Number(r.d) * DAY_MS), Number(r.n)]));
}

/** `GET /api/me/exposure`: the last seven UTC days of the user's own ledger and their limit. */
export async function myExposure(db: Db, userId: string, now = Date.now()): Promise<MyExposure> {
  const days = lastDays(now, 7);
  const [rows, items, settings] = await Promise.all([
    db
      .selectFrom('exposure_days')
      .select(['day', 'seconds', 'breaks'])
      .where('user_id', '=', userId)
      .where('day', '>=', days[0]!)
      .execute(),
    itemsPerDay(db, Date.parse(days[0]!), { userId }),
    getSettings(db, userId)
  ]);
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const seconds = days.map((day) => Number(byDay.get(day)?.seconds ?? 0));
  const list: ExposureDay[] = days.map((day, i) => ({
    day,
    minutes: Math.floor(seconds[i]! / 60),
    items: items.get(day) ?? 0,
    breaks: Number(byDay.get(day)?.breaks ?? 0)
  }));
  const today = list.at(-1)!;
  const todaySeconds = seconds.at(-1)!;
  const limitMinutes = effectiveLimit(settings);
  return {
    today,
    week: {
      minutes: Math.floor(seconds.reduce((sum, s) => sum + s, 0) / 60),
      items: list.reduce((sum, d) => sum + d.items, 0)
    },
    days: list,
    limitMinutes,
    settings,
    reached: limitMinutes > 0 && todaySeconds >= limitMinutes * 60,
    breakDue: limitMinutes > 0 && todaySeconds >= (limitMinutes + today.breaks * REPROMPT_MINUTES) * 60
  };
}
