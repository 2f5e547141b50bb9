import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/** Dossiers gather the audit rows about their objects (by target), in chain order. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target', 'seq']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_log_target').execute();
}
