import type { Kysely } from 'kysely';

// Frozen: never import app code here.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // A multi-page file (TIFF) is one document; each page is an item.
  await db.schema
    .createTable('documents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('page_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('restrict'))
    .addColumn('document_id', 'text', (c) => c.references('documents.id').onDelete('restrict'))
    .addColumn('page_index', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // processing → ready. Only ready items are visible to reviewers and served as tiles.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('mime', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('original_name', 'text', (c) => c.notNull())
    .addColumn('original_path', 'text', (c) => c.notNull())
    .addColumn('original_mtime', 'bigint', (c) => c.notNull())
    .addColumn('exif', 'text', (c) => c.notNull())
    .addColumn('ingested_by', 'text', (c) => c.notNull())
    .addColumn('ingested_at', 'bigint', (c) => c.notNull())
    .addColumn('annotation_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('items_content_unique', ['collection_id', 'sha256', 'page_index'])
    .execute();
  await db.schema
    .createIndex('items_browse')
    .on('items')
    .columns(['collection_id', 'ingested_at', 'id'])
    .execute();
  await db.schema.createIndex('items_document').on('items').columns(['document_id', 'page_index']).execute();
  await db.schema.createIndex('items_sha256').on('items').column('sha256').execute();

  // Every opening of an item (viewer, original download): who, what, when.
  await db.schema
    .createTable('item_views')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('item_views_item').on('item_views').columns(['item_id', 'at']).execute();

  await db.schema
    .createTable('user_preferences')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['user_preferences', 'item_views', 'items', 'documents']) {
    await db.schema.dropTable(table).execute();
  }
}
