import { sql, type Kysely } from 'kysely';

// Frozen: never import app code here.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('queues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('restrict'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('task', 'text', (c) => c.notNull())
    .addColumn('reviews_per_item', 'integer', (c) => c.notNull())
    .addColumn('blind', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('content_note', 'text', (c) => c.notNull())
    .addColumn('lease_ms', 'bigint', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('queue_members')
    .addColumn('queue_id', 'text', (c) => c.notNull().references('queues.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('queue_members_pk', ['queue_id', 'user_id'])
    .execute();

  // The queue's items, fixed when the queue is made, in the order they are handed out.
  await db.schema
    .createTable('queue_items')
    .addColumn('queue_id', 'text', (c) => c.notNull().references('queues.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.id').onDelete('restrict'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('live', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('queue_items_pk', ['queue_id', 'item_id'])
    .execute();
  await db.schema
    .createIndex('queue_items_order')
    .on('queue_items')
    .columns(['queue_id', 'position'])
    .execute();

  await db.schema
    .createTable('assignments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('queue_id', 'text', (c) => c.notNull().references('queues.id').onDelete('cascade'))
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('slot', 'integer', (c) => c.notNull())
    // active → submitted | skipped | flagged | released | expired
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('claimed_at', 'bigint', (c) => c.notNull())
    .addColumn('lease_expires_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  // The invariants of handing out work, enforced by the database itself:
  // a review slot is held by at most one live (active or submitted) assignment …
  await sql`create unique index assignments_live_slot on assignments (queue_id, item_id, slot) where status in ('active', 'submitted')`.execute(
    db
  );
  // … and a reviewer never gets the same item twice in one queue.
  await db.schema
    .createIndex('assignments_once_per_reviewer')
    .unique()
    .on('assignments')
    .columns(['queue_id', 'item_id', 'user_id'])
    .execute();
  await db.schema.createIndex('assignments_user').on('assignments').columns(['user_id', 'status']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['assignments', 'queue_items', 'queue_members', 'queues'])
    await db.schema.dropTable(table).execute();
}
