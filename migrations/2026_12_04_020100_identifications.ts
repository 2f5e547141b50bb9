import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * Identifications (issue 16): the hypothesis that a body is a person, `proposed → confirmed |
 * excluded`, with its evidence (JSON). One hypothesis per person and body. Confirmations are rows
 * of their own, one per user (the primary key), so that the same person confirming twice is
 * refused by the database itself; two different qualified users confirm.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('identifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('collection_id', 'text', (c) => c.notNull().references('collections.id').onDelete('restrict'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id').onDelete('restrict'))
    .addColumn('body_id', 'text', (c) => c.notNull().references('bodies.id').onDelete('restrict'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('proposed_by', 'text', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('excluded_by', 'text', (c) => c.references('users.id').onDelete('restrict'))
    .addColumn('exclude_reason', 'text')
    .addUniqueConstraint('identifications_pair', ['person_id', 'body_id'])
    .execute();
  await db.schema.createIndex('identifications_body').on('identifications').columns(['body_id']).execute();

  await db.schema
    .createTable('identification_confirmations')
    .addColumn('identification_id', 'text', (c) =>
      c.notNull().references('identifications.id').onDelete('cascade')
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('restrict'))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identification_confirmations_pk', ['identification_id', 'user_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('identification_confirmations').execute();
  await db.schema.dropTable('identifications').execute();
}
