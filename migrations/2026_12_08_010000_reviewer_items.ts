import { sql, type Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * `assignments_reviewer_items`: the items a reviewer has had in a queue, read once by every claim
 * (review/claims.ts, `openFor`) to pass over them. The unique (queue, item, user) index serves a
 * lookup by item; by reviewer it could only scan every assignment of the queue.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index assignments_reviewer_items on assignments (queue_id, user_id, item_id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index assignments_reviewer_items`.execute(db);
}
