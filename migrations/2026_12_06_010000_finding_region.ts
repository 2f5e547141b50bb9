import { sql, type Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * `annotations.body_region`: a finding's body region as its own column (beside `lesion_type` and
 * `consistency`), so the collection grid filters by it on both dialects without reading JSON per
 * row. Filled in here from the projected `finding` JSON (a string value only); the projection
 * writes it from now on.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  const pg = await sql`select version()`.execute(db).then(
    () => true,
    () => false
  );
  await db.schema.alterTable('annotations').addColumn('body_region', 'text').execute();
  await (
    pg
      ? sql`update annotations set body_region = finding::jsonb ->> 'bodyRegion'
          where jsonb_typeof(finding::jsonb -> 'bodyRegion') = 'string'`
      : sql`update annotations set body_region = json_extract(finding, '$.bodyRegion')
          where json_type(finding, '$.bodyRegion') = 'text'`
  ).execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('annotations').dropColumn('body_region').execute();
}
