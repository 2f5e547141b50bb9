import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * The exposure ledger: seconds of unblurred viewing per user and UTC day (with the clock that bounds
 * what a heartbeat may add, and the breaks taken), the same split by collection for team totals, and
 * each user's wellbeing settings (daily limits, consent). Items viewed come from `item_views`, which
 * gains an index by user.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('exposure_days')
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('breaks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('exposure_days_pk', ['user_id', 'day'])
    .execute();
  await db.schema
    .createTable('exposure_collections')
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('seconds', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('exposure_collections_pk', ['collection_id', 'day', 'user_id'])
    .execute();
  await db.schema
    .createTable('exposure_settings')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('own_limit', 'integer', (c) => c.notNull())
    .addColumn('coordinator_limit', 'integer')
    .addColumn('consent', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('item_views_user').on('item_views').columns(['user_id', 'at']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('item_views_user').execute();
  for (const table of ['exposure_settings', 'exposure_collections', 'exposure_days']) {
    await db.schema.dropTable(table).execute();
  }
}
