import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * A queue's state: 'open' (work is handed out), 'paused' or 'closed' (no new claims; assignments
 * already held can still be finished). Assignments gain the status 'returned': a skipped item a
 * coordinator handed back to the same reviewer, reactivated by that reviewer's next claim.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('queues')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('open'))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('queues').dropColumn('state').execute();
}
