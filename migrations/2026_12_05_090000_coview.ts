import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * Co-viewing sessions: at most one per item (the primary key), with its lead and the reveal the lead
 * shares, and the people who joined it. Held in the database so every server process agrees on who
 * leads and whether the image is revealed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('coview_sessions')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('items.id').onDelete('cascade'))
    .addColumn('lead_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('revealed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lead_seen_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('coview_participants')
    .addColumn('item_id', 'text', (c) =>
      c.notNull().references('coview_sessions.item_id').onDelete('cascade')
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('coview_participants_pk', ['item_id', 'user_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('coview_participants').execute();
  await db.schema.dropTable('coview_sessions').execute();
}
