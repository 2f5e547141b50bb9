/** The whole of a person as the API and the person page show it. */
import type { Db } from '../db/connect.ts';
import type { Locale } from '../../i18n/index.ts';
import { reasonText } from '../../model/names/reasons.ts';
import { findDuplicates } from './candidates.ts';
import { identificationsOf } from './identifications.ts';
import { mentionsOf } from './mentions.ts';
import { toPerson, type PersonRow } from './register.ts';

/** `hiddenItems`: the items the reader reviews blind (auth/access/blind.ts `blindItems`). */
export async function personView(db: Db, row: PersonRow, locale: Locale, hiddenItems: string[]) {
  const mergedFrom = await db
    .selectFrom('persons')
    .select(['id', 'name'])
    .where('merged_into', '=', row.id)
    .orderBy('name')
    .execute();
  const ids = [row.id, ...mergedFrom.map((m) => m.id)];
  const [person, duplicates, mentions, identifications] = await Promise.all([
    toPerson(db, row),
    row.merged_into === null ? findDuplicates(db, row) : [],
    mentionsOf(db, ids, hiddenItems),
    identificationsOf(db, { personIds: ids })
  ]);
  return {
    ...person,
    mergedFrom,
    mentions,
    identifications,
    duplicates: duplicates.map((d) => ({
      personId: d.personId,
      name: d.name,
      score: d.score,
      band: d.band,
      reasons: d.reasons.map((r) => reasonText(locale, r))
    }))
  };
}
