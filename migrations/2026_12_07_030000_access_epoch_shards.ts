import { sql, type Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * The access epoch in shards on PostgreSQL: the epoch is the sum of `access_epoch.n` over its rows,
 * and each connection moves its own row (`1 + pg_backend_pid() % SHARDS`).
 *
 * Why: every claim (a new assignment) and every submit (a status change) moves the epoch from a
 * trigger, and with one row each of them held that row's lock from its trigger until its commit had
 * been flushed: every claim and submit of every instance queued for it, one WAL flush after
 * another (sampled `pg_stat_activity`: most of a claim statement's time was `Lock:transactionid` /
 * `Lock:tuple` behind the row). Pooled connections are separate backends, so they move separate rows
 * and their commits can be flushed together.
 *
 * What readers rely on is unchanged: the sum only grows, and only when a change commits (each row
 * is still moved inside the changing transaction), so an epoch read before a decision differs from
 * every epoch read after a later change. SQLite has one writer: its triggers keep moving row 1.
 */
const SHARDS = 64;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = await sql`select version()`.execute(db).then(
    () => true,
    () => false
  );
  if (!pg) return;
  await sql`insert into access_epoch (id, n) select s, 0 from generate_series(2, ${sql.lit(SHARDS)}) s`.execute(
    db
  );
  await sql`create or replace function athar_access_changed() returns trigger language plpgsql as $$
      begin update access_epoch set n = n + 1 where id = 1 + pg_backend_pid() % ${sql.lit(SHARDS)}; return null; end $$`.execute(
    db
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const pg = await sql`select version()`.execute(db).then(
    () => true,
    () => false
  );
  if (!pg) return;
  await sql`create or replace function athar_access_changed() returns trigger language plpgsql as $$
      begin update access_epoch set n = n + 1 where id = 1; return null; end $$`.execute(db);
  // The sum folded into row 1: the epoch neither moves back nor stands still across the change.
  await sql`update access_epoch set n = (select sum(n) from access_epoch) where id = 1`.execute(db);
  await sql`delete from access_epoch where id <> 1`.execute(db);
}
