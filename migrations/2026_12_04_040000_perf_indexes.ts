import { sql, type Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * Search as fast as the engine: on SQLite the full-text table also indexes each page's collection,
 * so a search limited to the caller's collections is one FTS5 query (`collection_id : (…)` in the
 * MATCH) instead of the engine's matches each joined to `search_documents` to be filtered. Rebuilt
 * from `search_documents`, which holds the same text.
 *
 * Claims as cheap as a page, however long the queue and however many reviewers at once:
 * - `queue_items.slots`: the reviews the item needs (its queue's `reviews_per_item`, filled in by a
 *   trigger on insert, so no writer can forget it). An item is open while `live < slots`; the
 *   partial index `queue_items_open` holds only open items, in queue order, so the next claim
 *   starts at the first open item instead of walking past every full one from the queue's start.
 * - `assignments_leases`: the active assignments of a queue by lease end (the lease sweep of every
 *   claim reads only what has expired).
 * - `assignments_one_open`: a reviewer holds at most one active assignment per queue, enforced by
 *   the database: two Next presses at once (a double click, two instances) cannot take two items;
 *   the loser's insert fails and it is handed the winner's assignment. Any duplicates left from
 *   before are released first (the newest stays), their slots given back.
 * - PostgreSQL's access-epoch triggers on assignments fire per changed row instead of per
 *   statement: a statement trigger fires even when no row changed, so every claim's lease sweep
 *   moved the epoch (every open socket re-checked) and took the epoch row's lock, which serialised
 *   every claim in the instance behind it. SQLite's triggers are per row already.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = await sql`select version()`.execute(db).then(
    () => true,
    () => false
  );
  if (!pg) {
    await sql`drop table search_fts`.execute(db);
    await sql`create virtual table search_fts using fts5(item_id unindexed, collection_id, body, tokenize = 'unicode61 remove_diacritics 0')`.execute(
      db
    );
    await sql`insert into search_fts (item_id, collection_id, body) select item_id, collection_id, body from search_documents`.execute(
      db
    );
  }

  await db.schema
    .alterTable('queue_items')
    .addColumn('slots', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update queue_items set slots = (select q.reviews_per_item from queues q where q.id = queue_items.queue_id)`.execute(
    db
  );
  if (pg) {
    await sql`create function athar_queue_item_slots() returns trigger language plpgsql as $$
      begin
        if new.slots = 0 then select reviews_per_item into new.slots from queues where id = new.queue_id; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger queue_items_slots before insert on queue_items
      for each row execute function athar_queue_item_slots()`.execute(db);
  } else {
    await sql`create trigger queue_items_slots after insert on queue_items when new.slots = 0
      begin
        update queue_items set slots = (select reviews_per_item from queues where id = new.queue_id)
        where queue_id = new.queue_id and item_id = new.item_id;
      end`.execute(db);
  }
  await sql`create index queue_items_open on queue_items (queue_id, position) where live < slots`.execute(db);
  await sql`create index assignments_leases on assignments (queue_id, lease_expires_at) where status = 'active'`.execute(
    db
  );

  // Older duplicate open assignments (same queue and reviewer) give their slot back, then end.
  const older = sql`exists (select 1 from assignments b where b.queue_id = a.queue_id and b.user_id = a.user_id
    and b.status = 'active' and (b.claimed_at > a.claimed_at or (b.claimed_at = a.claimed_at and b.id > a.id)))`;
  await sql`update queue_items set live = live - (select count(*) from assignments a
      where a.queue_id = queue_items.queue_id and a.item_id = queue_items.item_id and a.status = 'active' and ${older})
    where exists (select 1 from assignments a
      where a.queue_id = queue_items.queue_id and a.item_id = queue_items.item_id and a.status = 'active' and ${older})`.execute(
    db
  );
  await sql`update assignments set status = 'released', reason = 'duplicate open assignment', finished_at = ${Date.now()}
    where id in (select a.id from assignments a where a.status = 'active' and ${older})`.execute(db);
  await sql`create unique index assignments_one_open on assignments (queue_id, user_id) where status = 'active'`.execute(
    db
  );

  if (pg) {
    await sql`drop trigger access_epoch_assignments_insert on assignments`.execute(db);
    await sql`drop trigger access_epoch_assignments_update on assignments`.execute(db);
    await sql`drop trigger access_epoch_assignments_delete on assignments`.execute(db);
    await sql`create trigger access_epoch_assignments_insert after insert on assignments
      for each row execute function athar_access_changed()`.execute(db);
    await sql`create trigger access_epoch_assignments_update after update of status, user_id, item_id, queue_id on assignments
      for each row when (old.status is distinct from new.status or old.user_id is distinct from new.user_id
        or old.item_id is distinct from new.item_id or old.queue_id is distinct from new.queue_id)
      execute function athar_access_changed()`.execute(db);
    await sql`create trigger access_epoch_assignments_delete after delete on assignments
      for each row execute function athar_access_changed()`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const pg = await sql`select version()`.execute(db).then(
    () => true,
    () => false
  );
  if (pg) {
    for (const event of ['insert', 'update', 'delete'] as const) {
      await sql`drop trigger ${sql.raw(`access_epoch_assignments_${event}`)} on assignments`.execute(db);
      const on = sql.raw(event === 'update' ? 'update of status, user_id, item_id, queue_id' : event);
      await sql`create trigger ${sql.raw(`access_epoch_assignments_${event}`)} after ${on} on assignments
        for each statement execute function athar_access_changed()`.execute(db);
    }
  }
  await sql`drop index assignments_one_open`.execute(db);
  await sql`drop index assignments_leases`.execute(db);
  await sql`drop index queue_items_open`.execute(db);
  if (pg) {
    await sql`drop trigger queue_items_slots on queue_items`.execute(db);
    await sql`drop function athar_queue_item_slots()`.execute(db);
  } else await sql`drop trigger queue_items_slots`.execute(db);
  await db.schema.alterTable('queue_items').dropColumn('slots').execute();
  if (!pg) {
    await sql`drop table search_fts`.execute(db);
    await sql`create virtual table search_fts using fts5(item_id unindexed, body, tokenize = 'unicode61 remove_diacritics 0')`.execute(
      db
    );
    await sql`insert into search_fts (item_id, body) select item_id, body from search_documents`.execute(db);
  }
}
