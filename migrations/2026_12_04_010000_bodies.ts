import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * Bodies: the unit of forensic work. A body groups photographs of one collection (an item belongs to
 * at most one body: `body_items.item_id` is the key), carries identifiers verified by double entry
 * (each person's entry kept apart in `body_identifier_entries`), and may name a detention branch
 * from the `branches` lookup table. A merged body keeps its row (`merged_into`) and a deleted one
 * keeps its row and identifiers (`deleted_at`), so that both stay reversible and auditable.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('branches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The branch number as written, and normalised (Western digits) for lookups; unique.
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('number_normalized', 'text', (c) => c.notNull().unique())
    .addColumn('name_ar', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('bodies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('restrict'))
    .addColumn('branch_id', 'text', (c) => c.references('branches.id').onDelete('restrict'))
    // Dates where known, as ISO dates (YYYY-MM-DD): of death, and of the photographs.
    .addColumn('died_on', 'text')
    .addColumn('photographed_on', 'text')
    .addColumn('notes', 'text', (c) => c.notNull())
    // open → evaluated (the evaluation is complete).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('merged_into', 'text', (c) => c.references('bodies.id').onDelete('restrict'))
    .addColumn('deleted_at', 'bigint')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('bodies_collection')
    .on('bodies')
    .columns(['collection_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('body_items')
    // One body per item, enforced by the key itself.
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('items.id').onDelete('restrict'))
    .addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id').onDelete('cascade'))
    // tag | face | full_body | injury_detail | other
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('body_items_body').on('body_items').columns(['body_id', 'position']).execute();

  await db.schema
    .createTable('body_identifiers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id').onDelete('cascade'))
    // detainee | branch | hospital | report | other
    .addColumn('kind', 'text', (c) => c.notNull())
    // As written (digits as written) and normalised (Western digits, separators unified).
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('normalized', 'text', (c) => c.notNull())
    // Where it is legible: a photo of the body and a W3C fragment ("xywh=pixel:x,y,w,h").
    .addColumn('item_id', 'text', (c) => c.references('items.id').onDelete('restrict'))
    .addColumn('region', 'text')
    // unverified → verified | disputed; disputed → verified (resolved by an adjudicator).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('resolved_by', 'text', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('resolved_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('body_identifiers_body')
    .on('body_identifiers')
    .columns(['body_id', 'kind'])
    .execute();
  await db.schema
    .createIndex('body_identifiers_normalized')
    .on('body_identifiers')
    .column('normalized')
    .execute();

  // Every independent transcription of an identifier: who, when, what they read.
  await db.schema
    .createTable('body_identifier_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('identifier_id', 'text', (c) =>
      c.notNull().references('body_identifiers.id').onDelete('cascade')
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('normalized', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.references('items.id').onDelete('restrict'))
    .addColumn('region', 'text')
    // api | verify (entered blind from a verify queue)
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('entered_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('body_identifier_entries_identifier')
    .on('body_identifier_entries')
    .columns(['identifier_id', 'entered_at'])
    .execute();
  await db.schema
    .createIndex('body_identifier_entries_normalized')
    .on('body_identifier_entries')
    .column('normalized')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['body_identifier_entries', 'body_identifiers', 'body_items', 'bodies', 'branches'])
    await db.schema.dropTable(table).execute();
}
