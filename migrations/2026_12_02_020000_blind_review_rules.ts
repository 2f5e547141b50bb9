import { sql, type Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * Rules of blind review:
 * - `queues.forbid_self_adjudication`: 1 when a reviewer of an item may not adjudicate it (0: they
 *   are only warned).
 * - `queue_items.adjudicated`: 1 once every group of the item's review findings is decided (the item
 *   leaves "ready to adjudicate"); kept by the server where the decisions are stored.
 * - A new assignment moves the access epoch: claiming a blind review closes the item's shared layer
 *   to its reviewer, so a socket they hold open there must be re-checked at once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = await sql`select version()`.execute(db).then(
    () => true,
    () => false
  );
  await db.schema
    .alterTable('queues')
    .addColumn('forbid_self_adjudication', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('queue_items')
    .addColumn('adjudicated', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  if (pg) {
    await sql`create trigger access_epoch_assignments_insert after insert on assignments
      for each statement execute function athar_access_changed()`.execute(db);
  } else {
    await sql`create trigger access_epoch_assignments_insert after insert on assignments
      begin update access_epoch set n = n + 1 where id = 1; end`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const pg = await sql`select version()`.execute(db).then(
    () => true,
    () => false
  );
  if (pg) await sql`drop trigger access_epoch_assignments_insert on assignments`.execute(db);
  else await sql`drop trigger access_epoch_assignments_insert`.execute(db);
  await db.schema.alterTable('queue_items').dropColumn('adjudicated').execute();
  await db.schema.alterTable('queues').dropColumn('forbid_self_adjudication').execute();
}
