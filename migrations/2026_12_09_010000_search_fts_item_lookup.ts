import { sql, type Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * SQLite: the full-text table indexes each page's `item_id` too, so re-indexing a page (each live
 * edit of its transcription, search/search.ts) finds the page's old row through the index. With
 * `item_id` unindexed, `delete … where item_id = ?` read every row of the table: 34 ms a page at
 * 130,000 pages, on the event loop that relays every room. Rebuilt from `search_documents`, which
 * holds the same text. PostgreSQL keeps its index in `search_documents` itself: nothing to do.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await rebuild(db, 'item_id');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await rebuild(db, 'item_id unindexed');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function rebuild(db: Kysely<any>, itemColumn: string): Promise<void> {
  const pg = await sql`select version()`.execute(db).then(
    () => true,
    () => false
  );
  if (pg) return;
  await sql`drop table search_fts`.execute(db);
  await sql`create virtual table search_fts using fts5(${sql.raw(itemColumn)}, collection_id, body, tokenize = 'unicode61 remove_diacritics 0')`.execute(
    db
  );
  await sql`insert into search_fts (item_id, collection_id, body) select item_id, collection_id, body from search_documents`.execute(
    db
  );
}
