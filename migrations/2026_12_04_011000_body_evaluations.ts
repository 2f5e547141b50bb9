import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * The overall evaluation of a body, projected from its room's document (`body/<id>`, the root
 * `evaluation`): derived only, rebuilt from the log by `athar collab rebuild`. `complete` is 1 when
 * every part is answered (the condition for marking the body "evaluated").
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('body_evaluations')
    .addColumn('body_id', 'text', (c) => c.primaryKey().references('bodies.id').onDelete('cascade'))
    // One of the five Istanbul Protocol levels, or null while unanswered.
    .addColumn('opinion', 'text')
    // present | absent | undetermined
    .addColumn('starvation', 'text')
    .addColumn('cause_of_death', 'text', (c) => c.notNull())
    // yes | no | undetermined
    .addColumn('cause_consistent', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('complete', 'integer', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'bigint')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('body_evaluations').execute();
}
