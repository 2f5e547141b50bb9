import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * Describe once (wellbeing/descriptions.ts): a short structured description of a photograph or a
 * body (what is visible, where, severity 1–3), so that later reviewers can work without looking
 * again; and a queue's rule that an item must be described before its review is submitted.
 * Descriptions are never deleted (a rewrite replaces the text; every write is audited).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_descriptions')
    .addColumn('target_kind', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('visible', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('severity', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('content_descriptions_pk', ['target_kind', 'target_id'])
    .execute();
  await db.schema
    .createTable('queue_description_rules')
    .addColumn('queue_id', 'text', (c) => c.primaryKey().references('queues.id').onDelete('cascade'))
    .addColumn('required', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('queue_description_rules').execute();
  await db.schema.dropTable('content_descriptions').execute();
}
