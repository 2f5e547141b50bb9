import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * `annotations.deleted_by`: who deleted a finding (its tombstone's `deletedBy`), null while it
 * stands. The projection keeps deleted findings (they are history) and readers that count findings
 * (the body chart) leave them out. Rows projected before this column existed read as standing until
 * their room is projected again (`athar collab rebuild` does all rooms at once).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('annotations').addColumn('deleted_by', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('annotations').dropColumn('deleted_by').execute();
}
