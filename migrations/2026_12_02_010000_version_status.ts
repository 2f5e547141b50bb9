import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * A version taken at a status change says which status the page entered and who moved it there,
 * so the history shows who approved which version. Older versions have neither (null).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('page_versions').addColumn('status', 'text').execute();
  await db.schema.alterTable('page_versions').addColumn('changed_by', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('page_versions').dropColumn('changed_by').execute();
  await db.schema.alterTable('page_versions').dropColumn('status').execute();
}
