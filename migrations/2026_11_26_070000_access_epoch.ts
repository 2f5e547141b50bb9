import { sql, type Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * A counter that every change able to take access away moves forward, kept by triggers so that no
 * writer (the app, the CLI, another instance, a hand-run SQL statement) can forget it. Open
 * collaboration sockets are re-checked when it moves (and on a slow safety round), instead of every
 * socket's credentials being queried every few seconds.
 */
const WATCHED: Array<{ table: string; event: 'insert' | 'update' | 'delete'; columns?: string[] }> = [
  { table: 'users', event: 'update', columns: ['disabled_at', 'role', 'expert', 'totp_key'] },
  { table: 'users', event: 'delete' },
  { table: 'sessions', event: 'update', columns: ['user_id', 'two_factor_verified'] },
  { table: 'sessions', event: 'delete' },
  { table: 'api_tokens', event: 'update', columns: ['user_id', 'revoked_at'] },
  { table: 'api_tokens', event: 'delete' },
  { table: 'settings', event: 'insert' },
  { table: 'settings', event: 'update' },
  { table: 'settings', event: 'delete' },
  { table: 'collections', event: 'delete' },
  { table: 'collection_members', event: 'update' },
  { table: 'collection_members', event: 'delete' },
  { table: 'items', event: 'update', columns: ['status', 'collection_id'] },
  { table: 'items', event: 'delete' },
  { table: 'assignments', event: 'update', columns: ['status', 'user_id', 'item_id', 'queue_id'] },
  { table: 'assignments', event: 'delete' },
  { table: 'queues', event: 'update', columns: ['blind', 'reviews_per_item'] },
  { table: 'queues', event: 'delete' }
];

const triggerName = (w: (typeof WATCHED)[number]) => `access_epoch_${w.table}_${w.event}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  // version() exists on PostgreSQL only; a failed statement leaves SQLite's transaction intact.
  const pg = await sql`select version()`.execute(db).then(
    () => true,
    () => false
  );
  await db.schema
    .createTable('access_epoch')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();
  await db.insertInto('access_epoch').values({ id: 1, n: 0 }).execute();
  if (pg) {
    await sql`create function athar_access_changed() returns trigger language plpgsql as $$
      begin update access_epoch set n = n + 1 where id = 1; return null; end $$`.execute(db);
  }
  for (const w of WATCHED) {
    const event = sql.raw(w.columns ? `update of ${w.columns.join(', ')}` : w.event);
    const name = sql.raw(triggerName(w));
    const table = sql.raw(w.table);
    if (pg) {
      await sql`create trigger ${name} after ${event} on ${table}
        for each statement execute function athar_access_changed()`.execute(db);
    } else {
      await sql`create trigger ${name} after ${event} on ${table}
        begin update access_epoch set n = n + 1 where id = 1; end`.execute(db);
    }
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const pg = await sql`select version()`.execute(db).then(
    () => true,
    () => false
  );
  for (const w of WATCHED) {
    if (pg) await sql`drop trigger ${sql.raw(triggerName(w))} on ${sql.raw(w.table)}`.execute(db);
    else await sql`drop trigger ${sql.raw(triggerName(w))}`.execute(db);
  }
  if (pg) await sql`drop function athar_access_changed()`.execute(db);
  await db.schema.dropTable('access_epoch').execute();
}
