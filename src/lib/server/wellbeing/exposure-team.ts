/**
 * What coordinators see of the exposure ledger: a collection's team totals.
 *
 * Invariant (privacy): without a reviewer's consent nothing about that reviewer alone is shown, only
 * sums over people; and a sum over fewer than MIN_GROUP people is not broken down (a day's figure
 * of one or two reviewers would be their individual figure). Consenting reviewers are listed with
 * their daily totals — never finer than a day.
 */
import type { Db } from '../db/connect.ts';
import { itemsPerDay, lastDays } from './exposure.ts';

/** The smallest group whose totals are broken down by day. */
export const MIN_GROUP = 3;

export type TeamExposure = {
  collectionId: string;
  /** The week's sums; minutes and items are null when fewer than MIN_GROUP people contributed. */
  week: { people: number; minutes: number | null; items: number | null };
  /** Per day; null when that day's group is smaller than MIN_GROUP. */
  days: Array<
    { day: string; people: number; minutes: number } | { day: string; people: null; minutes: null }
  >;
  /** Reviewers who consented, with their own daily minutes. */
  consenting: Array<{ userId: string; name: string; days: Array<{ day: string; minutes: number }> }>;
  minGroup: number;
};

export async function teamExposure(db: Db, collectionId: string, now = Date.now()): Promise<TeamExposure> {
  const days = lastDays(now, 7);
  const [rows, items] = await Promise.all([
    db
      .selectFrom('exposure_collections as e')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .leftJoin('exposure_settings as s', 's.user_id', 'e.user_id')
      .select(['e.day', 'e.user_id', 'e.seconds', 'u.name', 's.consent'])
      .where('e.collection_id', '=', collectionId)
      .where('e.day', '>=', days[0]!)
      .execute(),
    itemsPerDay(db, Date.parse(days[0]!), { collectionId })
  ]);
  const people = new Set(rows.map((r) => r.user_id));
  const weekSeconds = rows.reduce((sum, r) => sum + Number(r.seconds), 0);
  const grouped = people.size >= MIN_GROUP;
  const perDay = days.map((day) => {
    const ofDay = rows.filter((r) => r.day === day);
    if (ofDay.length < MIN_GROUP) return { day, people: null, minutes: null };
    const seconds = ofDay.reduce((sum, r) => sum + Number(r.seconds), 0);
    return { day, people: ofDay.length, minutes: Math.floor(seconds / 60) };
  });
  const consenting = new Map<string, TeamExposure['consenting'][number]>();
  for (const r of rows) {
    if (r.consent !== 1) continue;
    const entry = consenting.get(r.user_id) ?? { userId: r.user_id, name: r.name, days: [] };
    entry.days.push({ day: r.day, minutes: Math.floor(Number(r.seconds) / 60) });
    consenting.set(r.user_id, entry);
  }
  for (const entry of consenting.values()) entry.days.sort((a, b) => a.day.localeCompare(b.day));
  return {
    collectionId,
    // A week's total over fewer than MIN_GROUP people would single someone out: shown as people only.
    week: grouped
      ? { people: people.size, minutes: Math.floor(weekSeconds / 60), items: sumOf(items) }
      : { people: people.size, minutes: null, items: null },
    days: perDay,
    consenting: [...consenting.values()],
    minGroup: MIN_GROUP
  };
}

const sumOf = (map: Map<string, number>) => [...map.values()].reduce((a, b) => a + b, 0);
