/**
 * Search over everything a reader may find in the archive, beside page text (`search.ts`): findings
 * (by `finding-text.ts`), item names and body identifiers. Every query is bounded to the caller's
 * collections; the access rules are the ones of auth/access/:
 * - findings come from the shared layer only (never a reviewer's blind layer), and not from an item
 *   the caller reviews blind (`blindAmong`): a search must not open a layer the viewer keeps closed;
 * - an identifier matches verified numbers only in a collection where the caller transcribes numbers
 *   blind (`verifiesBlindIn`), else also any one reader's entry, as the body search does.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { blindAmong } from '../auth/access/blind.ts';
import { verifiesBlindIn } from '../auth/access/bodies.ts';
import { findBodies } from '../bodies/search.ts';
import { normalizeIdentifier } from '../../model/identifiers.ts';
import { queryTerms } from '../../model/normalise.ts';
import { findingPatterns } from './finding-text.ts';

export type FindingHit = {
  itemId: string;
  annotationId: string;
  collectionId: string;
  lesionType: string | null;
  bodyRegion: string | null;
  consistency: string | null;
  notes: string | null;
};
export type NameHit = { itemId: string; collectionId: string };
export type IdentifierHit = { bodyId: string; collectionId: string; kinds: string[] };

export async function searchFindings(
  db: Db,
  user: Pick<UserRow, 'id'>,
  query: string,
  collectionIds: string[],
  limit: number
): Promise<FindingHit[]> {
  const patterns = findingPatterns(query);
  if (patterns.length === 0 || collectionIds.length === 0) return [];
  let select = db
    .selectFrom('annotations as a')
    .innerJoin('items as i', 'i.id', 'a.item_id')
    .select(['a.id', 'a.item_id', 'a.finding', 'a.lesion_type', 'a.consistency', 'i.collection_id'])
    .where('i.collection_id', 'in', collectionIds)
    .where(sql<boolean>`a.room = 'item/' || a.item_id`)
    .where('a.deleted_by', 'is', null);
  for (const pattern of patterns) select = select.where('a.search_text', 'like', pattern);
  // Over-fetch: items reviewed blind are dropped after the query.
  const rows = await select
    .orderBy('a.updated_at', 'desc')
    .orderBy('a.id')
    .limit(limit * 2)
    .execute();
  const blind = await blindAmong(db, user.id, [...new Set(rows.map((r) => r.item_id))]);
  return rows
    .filter((r) => !blind.has(r.item_id))
    .slice(0, limit)
    .map((r) => {
      const finding = JSON.parse(r.finding) as Record<string, unknown>;
      const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
      return {
        itemId: r.item_id,
        annotationId: r.id,
        collectionId: r.collection_id,
        lesionType: r.lesion_type,
        bodyRegion: text(finding.bodyRegion),
        consistency: r.consistency,
        notes: text(finding.notes)
      };
    });
}

/** Items whose file name holds every query word (case-insensitive, as normalised). */
export async function searchNames(
  query: string,
  db: Db,
  collectionIds: string[],
  limit: number
): Promise<NameHit[]> {
  const terms = queryTerms(query);
  if (terms.length === 0 || collectionIds.length === 0) return [];
  let select = db
    .selectFrom('items')
    .select(['id', 'collection_id'])
    .where('collection_id', 'in', collectionIds);
  for (const term of terms) select = select.where(sql<string>`lower(original_name)`, 'like', `%${term}%`);
  const rows = await select.orderBy('original_name').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({ itemId: r.id, collectionId: r.collection_id }));
}

/**
 * Bodies with an identifier equal in normal form to the whole query (`٢١٥` finds `215`). Numbers
 * hold digits: a query without one is not tried as an identifier.
 */
export async function searchIdentifiers(
  db: Db,
  user: Pick<UserRow, 'id'>,
  query: string,
  collectionIds: string[],
  limit: number
): Promise<IdentifierHit[]> {
  if (!/\p{N}/u.test(query) || normalizeIdentifier(query) === '') return [];
  const hits: IdentifierHit[] = [];
  for (const collectionId of collectionIds) {
    const verifiedOnly = await verifiesBlindIn(db, user.id, collectionId);
    const bodies = await findBodies(db, collectionId, { identifier: query, verifiedOnly });
    for (const body of bodies)
      hits.push({ bodyId: body.id, collectionId, kinds: [...new Set(body.identifiers.map((i) => i.kind))] });
    if (hits.length >= limit) break;
  }
  return hits.slice(0, limit);
}
