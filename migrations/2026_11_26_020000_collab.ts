import { sql, type Kysely } from 'kysely';

// Frozen: never import app code here.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function isPostgres(db: Kysely<any>): Promise<boolean> {
  // `version()` exists on PostgreSQL only; a failed statement does not disturb SQLite's transaction.
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

  // The append-only log of every Yjs update of every room: history and audit, never rewritten.
  await db.schema
    .createTable('collab_updates')
    .addColumn('id', pg ? 'bigserial' : 'integer', (c) =>
      pg ? c.primaryKey() : c.primaryKey().autoIncrement()
    )
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('data', bytes, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('collab_updates_room').on('collab_updates').columns(['room', 'id']).execute();

  // Snapshots only speed up loading: the state of a room including every update up to `up_to`.
  await db.schema
    .createTable('collab_snapshots')
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('up_to', 'bigint', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('data', bytes, (c) => c.notNull())
    .addPrimaryKeyConstraint('collab_snapshots_pk', ['room', 'up_to'])
    .execute();

  // Relational projection of the annotations of each room, derived from the documents.
  await db.schema
    .createTable('annotations')
    .addColumn('room', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('finding', 'text', (c) => c.notNull())
    .addColumn('lesion_type', 'text')
    .addColumn('consistency', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint')
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint')
    .addPrimaryKeyConstraint('annotations_pk', ['room', 'id'])
    .execute();
  await db.schema.createIndex('annotations_item').on('annotations').column('item_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['annotations', 'collab_snapshots', 'collab_updates'])
    await db.schema.dropTable(table).execute();
}
