/**
 * The grid's filters by finding: an item matches when one finding of its shared layer (never a
 * reviewer's blind layer, never a deleted finding) has every asked-for value at once — lesion type,
 * body region, consistency level, author, and a creation time in [from, to).
 *
 * Invariant: while a finding filter is on, the items the viewer reviews blind are left out whatever
 * their findings (auth/access/blind.ts `blindItemIds`): whether such an item matched would tell the blind
 * reviewer what colleagues found on it.
 */
import { sql, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { blindItemIds } from '../auth/access/blind.ts';

export type FindingFilter = {
  lesionType?: string;
  bodyRegion?: string;
  consistency?: string;
  /** The user who created the finding. */
  author?: string;
  /** Creation time, epoch ms: from inclusive, to exclusive. */
  from?: number;
  to?: number;
};

export function isFindingFilterOn(filter: FindingFilter): boolean {
  return Object.values(filter).some((value) => value !== undefined);
}

export function whereFindings<O>(
  db: Db,
  query: SelectQueryBuilder<Database, 'items', O>,
  filter: FindingFilter,
  viewerId: string
): SelectQueryBuilder<Database, 'items', O> {
  if (!isFindingFilterOn(filter)) return query;
  return query.where('items.id', 'not in', blindItemIds(db, viewerId)).where((eb) => {
    let finding = eb
      .selectFrom('annotations as a')
      .select(sql`1`.as('one'))
      .whereRef('a.item_id', '=', 'items.id')
      .where(sql<SqlBool>`a.room = 'item/' || a.item_id`)
      .where('a.deleted_by', 'is', null);
    if (filter.lesionType) finding = finding.where('a.lesion_type', '=', filter.lesionType);
    if (filter.bodyRegion) finding = finding.where('a.body_region', '=', filter.bodyRegion);
    if (filter.consistency) finding = finding.where('a.consistency', '=', filter.consistency);
    if (filter.author) finding = finding.where('a.created_by', '=', filter.author);
    if (filter.from !== undefined) finding = finding.where('a.created_at', '>=', filter.from);
    if (filter.to !== undefined) finding = finding.where('a.created_at', '<', filter.to);
    return eb.exists(finding);
  });
}

/** The authors of the findings the viewer may filter by (the reviewer filter's choices), by name. */
export async function findingAuthors(
  db: Db,
  collectionId: string,
  viewerId: string
): Promise<Array<{ id: string; name: string }>> {
  return db
    .selectFrom('users as u')
    .select(['u.id', 'u.name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('annotations as a')
          .innerJoin('items as i', 'i.id', 'a.item_id')
          .select(sql`1`.as('one'))
          .whereRef('a.created_by', '=', 'u.id')
          .where('i.collection_id', '=', collectionId)
          .where(sql<SqlBool>`a.room = 'item/' || a.item_id`)
          .where('a.deleted_by', 'is', null)
          .where('i.id', 'not in', blindItemIds(db, viewerId))
      )
    )
    .orderBy('u.name')
    .orderBy('u.id')
    .execute();
}
