/**
 * Full-text search over page transcriptions and fields, one interface over SQLite FTS5 and
 * PostgreSQL text search. Text is normalised (src/lib/model/normalise.ts) before it is indexed and
 * before it is queried, so both engines only split words; ranking is BM25 (FTS5) or ts_rank (PG).
 * Query terms are letters and digits only, so they cannot inject query syntax.
 */
import { sql } from 'kysely';
import type { Db, Dialect } from '../db/connect.ts';
import { queryTerms, searchBody } from '../../model/normalise.ts';
import { snippetOf, type Snippet } from './snippet.ts';

export type PageText = { itemId: string; collectionId: string; documentId: string | null; raw: string };

export async function indexPage(db: Db, dialect: Dialect, page: PageText): Promise<void> {
  const body = searchBody(page.raw);
  await db.transaction().execute(async (trx) => {
    const values = {
      item_id: page.itemId,
      collection_id: page.collectionId,
      document_id: page.documentId,
      raw: page.raw,
      body,
      updated_at: Date.now()
    };
    await trx
      .insertInto('search_documents')
      .values(values)
      .onConflict((oc) =>
        oc.column('item_id').doUpdateSet({ raw: values.raw, body, updated_at: values.updated_at })
      )
      .execute();
    if (dialect === 'sqlite') {
      // The page's old row through the index of its item_id (a plain `item_id = ?` reads the whole
      // table); the equality then keeps the match to this very id whatever its tokens.
      const row = `item_id : "${page.itemId.replaceAll('"', '""')}"`;
      await sql`delete from search_fts where rowid in (select rowid from search_fts where search_fts match ${row})
        and item_id = ${page.itemId}`.execute(trx);
      await sql`insert into search_fts (item_id, collection_id, body) values (${page.itemId}, ${page.collectionId}, ${body})`.execute(
        trx
      );
    }
  });
}

export type SearchResult = {
  itemId: string;
  documentId: string | null;
  collectionId: string;
  score: number;
} & Snippet;

export async function searchPages(
  db: Db,
  dialect: Dialect,
  query: string,
  collectionIds: string[],
  limit = 20
): Promise<SearchResult[]> {
  const terms = queryTerms(query);
  if (terms.length === 0 || collectionIds.length === 0) return [];
  const allowed = new Set(collectionIds);
  const inCollections = sql.join(collectionIds.map((id) => sql`${id}`));
  // SQLite: the collections are part of the MATCH (FTS5 intersects its own lists) rather than a
  // join per match; only the body's words rank (bm25 weights: item_id, collection_id, body). When
  // the caller's collections are all there are, that intersection excludes nothing and costs a
  // fifth of the query (it reads the collections' whole lists): it is left out.
  const words = `body : (${terms.map((t) => `"${t}"*`).join(' ')})`;
  const match =
    dialect === 'sqlite' && (await coversEveryCollection(db, allowed))
      ? words
      : `${words} AND collection_id : (${collectionIds.map((id) => `"${id.replaceAll('"', '""')}"`).join(' OR ')})`;
  const rows =
    dialect === 'sqlite'
      ? (
          await sql<{ item_id: string; score: number }>`
            select item_id, -bm25(search_fts, 0, 0, 1) as score
            from search_fts
            where search_fts match ${match}
            order by bm25(search_fts, 0, 0, 1) limit ${limit}`.execute(db)
        ).rows
      : (
          await sql<{ item_id: string; score: number }>`
            select item_id, ts_rank(tsv, q) as score
            from search_documents, to_tsquery('simple', ${terms.map((t) => `${t}:*`).join(' & ')}) q
            where tsv @@ q and collection_id in (${inCollections})
            order by score desc limit ${limit}`.execute(db)
        ).rows;
  if (rows.length === 0) return [];
  const docs = await db
    .selectFrom('search_documents')
    .select(['item_id', 'document_id', 'collection_id', 'raw'])
    .where(
      'item_id',
      'in',
      rows.map((r) => r.item_id)
    )
    .execute();
  const byId = new Map(docs.map((d) => [d.item_id, d]));
  return rows.flatMap((r) => {
    const d = byId.get(r.item_id);
    // Why checked again here: a match without the collections in it (above) also finds the pages of
    // a collection made since it was counted, or of one removed, which the caller may not see.
    if (!d || !allowed.has(d.collection_id)) return [];
    return [
      {
        itemId: r.item_id,
        documentId: d.document_id,
        collectionId: d.collection_id,
        score: Number(r.score),
        ...snippetOf(d.raw, terms)
      }
    ];
  });
}

/** Whether these (existing, distinct) collection ids are every collection there is. */
async function coversEveryCollection(db: Db, ids: ReadonlySet<string>): Promise<boolean> {
  const row = await db
    .selectFrom('collections')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) <= ids.size;
}
