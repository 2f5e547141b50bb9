import { sql, type Kysely } from 'kysely';

// Frozen: never import app code here.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function isPostgres(db: Kysely<any>): Promise<boolean> {
  try {
    const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
    return String(rows[0]?.v).includes('PostgreSQL');
  } catch {
    return false;
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = await isPostgres(db);
  const bytes = pg ? sql`bytea` : sql`blob`;

  // One searchable text per page (transcription + structured fields), already normalised.
  await db.schema
    .createTable('search_documents')
    .addColumn('item_id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull())
    .addColumn('document_id', 'text')
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('search_documents_collection')
    .on('search_documents')
    .column('collection_id')
    .execute();
  if (pg) {
    await sql`alter table search_documents add column tsv tsvector generated always as (to_tsvector('simple', body)) stored`.execute(
      db
    );
    await sql`create index search_documents_tsv on search_documents using gin (tsv)`.execute(db);
  } else {
    // The text is normalised before it reaches FTS5; the tokenizer only splits words.
    await sql`create virtual table search_fts using fts5(item_id unindexed, body, tokenize = 'unicode61 remove_diacritics 0')`.execute(
      db
    );
  }

  // Transcription workflow of a page: in_progress → needs_review → approved (by a second person).
  await db.schema
    .createTable('page_status')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('items.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('submitted_by', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  // Versions of a page: the transcription room's state at a moment, with who changed it since.
  await db.schema
    .createTable('page_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('authors', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('state', bytes, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('page_versions_item').on('page_versions').columns(['item_id', 'at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const pg = await isPostgres(db);
  if (!pg) await sql`drop table search_fts`.execute(db);
  for (const table of ['page_versions', 'page_status', 'search_documents'])
    await db.schema.dropTable(table).execute();
}
