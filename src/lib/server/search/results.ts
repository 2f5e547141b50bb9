/**
 * One answer to a search: page text, findings, item names and body identifiers, each hit saying
 * what matched and where it leads, with the item's name, its page number and its document. The
 * owner of the `/api/search` result shape (the search page reads the same).
 */
import type { Db, Dialect } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { searchFindings, searchIdentifiers, searchNames } from './archive.ts';
import { searchPages } from './search.ts';

export const MATCH_KINDS = ['transcription', 'finding', 'name', 'identifier'] as const;
export type MatchKind = (typeof MATCH_KINDS)[number];

export type SearchHit = {
  matched: MatchKind;
  collectionId: string;
  itemId: string | null;
  bodyId: string | null;
  /** The item's file name, its document's title and its 1-based page number in that document. */
  itemName: string | null;
  documentId: string | null;
  documentTitle: string | null;
  page: number | null;
  /** Page text around the match (transcription), or what the finding says (finding). */
  snippet: string;
  highlights: Array<[number, number]>;
  finding: { lesionType: string | null; bodyRegion: string | null; consistency: string | null } | null;
  identifierKinds: string[];
  score: number;
  link: string;
};

type Base = Pick<SearchHit, 'matched' | 'collectionId' | 'itemId' | 'bodyId'> & Partial<SearchHit>;

export async function searchArchive(
  db: Db,
  dialect: Dialect,
  user: Pick<UserRow, 'id'>,
  query: string,
  collectionIds: string[],
  kinds: readonly MatchKind[],
  limit: number
): Promise<SearchHit[]> {
  const want = (kind: MatchKind) => kinds.includes(kind);
  const [pages, findings, names, identifiers] = await Promise.all([
    want('transcription') ? searchPages(db, dialect, query, collectionIds, limit) : [],
    want('finding') ? searchFindings(db, user, query, collectionIds, limit) : [],
    want('name') ? searchNames(query, db, collectionIds, limit) : [],
    want('identifier') ? searchIdentifiers(db, user, query, collectionIds, limit) : []
  ]);
  const hits: Base[] = [
    ...identifiers.map((h) => ({
      matched: 'identifier' as const,
      collectionId: h.collectionId,
      itemId: null,
      bodyId: h.bodyId,
      identifierKinds: h.kinds,
      link: `/bodies/${h.bodyId}`
    })),
    ...names.map((h) => ({
      matched: 'name' as const,
      collectionId: h.collectionId,
      itemId: h.itemId,
      bodyId: null
    })),
    ...findings.map((h) => ({
      matched: 'finding' as const,
      collectionId: h.collectionId,
      itemId: h.itemId,
      bodyId: null,
      snippet: h.notes ?? '',
      finding: { lesionType: h.lesionType, bodyRegion: h.bodyRegion, consistency: h.consistency }
    })),
    ...pages.map((h) => ({
      matched: 'transcription' as const,
      collectionId: h.collectionId,
      itemId: h.itemId,
      bodyId: null,
      snippet: h.snippet,
      highlights: h.highlights,
      score: h.score,
      link: `/items/${h.itemId}/transcribe`
    }))
  ];
  return withItems(db, hits);
}

/** Adds each hit's item name, page and document (one query each for all hits). */
async function withItems(db: Db, hits: Base[]): Promise<SearchHit[]> {
  const itemIds = [...new Set(hits.flatMap((h) => (h.itemId ? [h.itemId] : [])))];
  const items = itemIds.length
    ? await db
        .selectFrom('items as i')
        .leftJoin('documents as d', 'd.id', 'i.document_id')
        .select(['i.id', 'i.original_name', 'i.document_id', 'i.page_index', 'd.title'])
        .where('i.id', 'in', itemIds)
        .execute()
    : [];
  const byId = new Map(items.map((i) => [i.id, i]));
  return hits.map((h) => {
    const item = h.itemId ? byId.get(h.itemId) : undefined;
    return {
      itemName: item?.original_name ?? null,
      documentId: item?.document_id ?? null,
      documentTitle: item?.title ?? null,
      page: item?.document_id ? item.page_index + 1 : null,
      snippet: '',
      highlights: [],
      finding: null,
      identifierKinds: [],
      score: 0,
      link: `/items/${h.itemId}`,
      ...h
    };
  });
}
