import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * A queue may require co-viewing for its items from a severity on (1–3; null: never): a reviewer
 * holding such an item in that queue reveals it only in a session with someone else.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('queues').addColumn('coview_from_severity', 'integer').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('queues').dropColumn('coview_from_severity').execute();
}
