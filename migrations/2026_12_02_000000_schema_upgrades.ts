import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * One row per room and document schema version it was upgraded to: the claim that makes the
 * upgrade's audit row appear once, even when two instances load the same old room at once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('schema_upgrades')
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('schema_upgrades_pk', ['room', 'version'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('schema_upgrades').execute();
}
