import { sql, type Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * Several instances may each hold a room: every instance stores every update it applies, and the
 * SHA-256 of the update's bytes makes the second insert a no-op, so each update is stored once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('collab_updates').addColumn('digest', 'text').execute();
  await sql`create unique index collab_updates_digest on collab_updates (room, digest)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index collab_updates_digest`.execute(db);
  await db.schema.alterTable('collab_updates').dropColumn('digest').execute();
}
