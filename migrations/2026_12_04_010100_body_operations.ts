import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * - `body_operations`: every split and merge of bodies with what it moved (the same details as its
 *   audit row, whose seq it names), so that the last one of a body can be undone; `undone_at` once it is.
 * - `body_suggestions`: candidate groups of photos (runs close in capture time or file order in one
 *   folder, identical identifiers) that a person accepts (making a body) or rejects. `fingerprint` is
 *   the hash of the sorted item ids: recomputing suggestions never proposes the same group twice, and
 *   a rejected group stays rejected.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('body_operations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The body that was split, or that the other was merged into.
    .addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id').onDelete('restrict'))
    // split | merge
    .addColumn('kind', 'text', (c) => c.notNull())
    // The body made by the split, or merged into body_id.
    .addColumn('other_body_id', 'text', (c) => c.notNull().references('bodies.id').onDelete('restrict'))
    // JSON: the photos moved (item, role, position) and, for a merge, the identifiers moved.
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('audit_seq', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('undone_by', 'text', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('undone_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('body_operations_body')
    .on('body_operations')
    .columns(['body_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('body_suggestions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('restrict'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    // JSON: the item ids in order, and the reasons (time | file_order | identifier).
    .addColumn('item_ids', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    // pending → accepted | rejected
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('body_id', 'text', (c) => c.references('bodies.id').onDelete('restrict'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('decided_at', 'bigint')
    .addUniqueConstraint('body_suggestions_once', ['collection_id', 'fingerprint'])
    .execute();
  await db.schema
    .createIndex('body_suggestions_pending')
    .on('body_suggestions')
    .columns(['collection_id', 'status', 'created_at'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('body_suggestions').execute();
  await db.schema.dropTable('body_operations').execute();
}
