import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * Content labels (wellbeing/labels.ts): a severity 1–3 and tags (JSON array of tag names) per item
 * or per body, set by reviewers, so that nobody opens a photograph unprepared. One row per target;
 * each change is audited.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_labels')
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('severity', 'integer')
    .addColumn('tags', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('content_labels_pk', ['target_kind', 'target_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('content_labels').execute();
}
