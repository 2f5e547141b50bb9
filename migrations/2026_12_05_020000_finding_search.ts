import type { Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * Findings become searchable: `annotations.search_text` holds a finding's words (its lesion type,
 * region, side and consistency as their key and their label in every language, then its free text:
 * colour, pattern, mechanism, notes), normalised as page text is (`model/normalise.ts`), one space
 * before each word. The projection writes it; findings projected before this migration are filled
 * in by `athar collab rebuild` (labels are app code, which a migration may not import).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('annotations').addColumn('search_text', 'text').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('annotations').dropColumn('search_text').execute();
}
