import { sql, type Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * Co-viewing sessions on a body as well as on an item: a session is keyed by its subject,
 * `item:<id>` or `body:<id>` (at most one session per subject, the primary key), and carries the
 * item or the body it is about as a foreign key, so that deleting either ends its session. The
 * participants hang on the subject. Sessions live for seconds to minutes; those open during the
 * upgrade are carried over.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const sessions = await db.selectFrom('coview_sessions').selectAll().execute();
  const participants = await db.selectFrom('coview_participants').selectAll().execute();
  await db.schema.dropTable('coview_participants').execute();
  await db.schema.dropTable('coview_sessions').execute();
  await db.schema
    .createTable('coview_sessions')
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.references('items.id').onDelete('cascade'))
    .addColumn('body_id', 'text', (c) => c.references('bodies.id').onDelete('cascade'))
    .addColumn('lead_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('revealed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lead_seen_at', 'bigint', (c) => c.notNull())
    .addCheckConstraint('coview_sessions_one_subject', sql`(item_id is null) <> (body_id is null)`)
    .execute();
  // The foreign keys' reverse lookups (a deleted item or body cascades to its session).
  await db.schema.createIndex('coview_sessions_item').on('coview_sessions').column('item_id').execute();
  await db.schema.createIndex('coview_sessions_body').on('coview_sessions').column('body_id').execute();
  await db.schema
    .createTable('coview_participants')
    .addColumn('subject', 'text', (c) =>
      c.notNull().references('coview_sessions.subject').onDelete('cascade')
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('joined_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('coview_participants_pk', ['subject', 'user_id'])
    .execute();
  if (sessions.length > 0)
    await db
      .insertInto('coview_sessions')
      .values(
        sessions.map((s) => ({
          subject: `item:${s.item_id}`,
          item_id: s.item_id,
          lead_id: s.lead_id,
          revealed: s.revealed,
          lead_seen_at: s.lead_seen_at
        }))
      )
      .execute();
  if (participants.length > 0)
    await db
      .insertInto('coview_participants')
      .values(
        participants.map((p) => ({
          subject: `item:${p.item_id}`,
          user_id: p.user_id,
          joined_at: p.joined_at
        }))
      )
      .execute();
}

/** Back to item sessions only: sessions on bodies end. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  const sessions = await db
    .selectFrom('coview_sessions')
    .selectAll()
    .where('item_id', 'is not', null)
    .execute();
  const participants = await db
    .selectFrom('coview_participants')
    .selectAll()
    .where('subject', 'like', 'item:%')
    .execute();
  await db.schema.dropTable('coview_participants').execute();
  await db.schema.dropTable('coview_sessions').execute();
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
  if (sessions.length > 0)
    await db
      .insertInto('coview_sessions')
      .values(
        sessions.map((s) => ({
          item_id: s.item_id,
          lead_id: s.lead_id,
          revealed: s.revealed,
          lead_seen_at: s.lead_seen_at
        }))
      )
      .execute();
  if (participants.length > 0)
    await db
      .insertInto('coview_participants')
      .values(
        participants.map((p) => ({
          item_id: String(p.subject).slice('item:'.length),
          user_id: p.user_id,
          joined_at: p.joined_at
        }))
      )
      .execute();
}
