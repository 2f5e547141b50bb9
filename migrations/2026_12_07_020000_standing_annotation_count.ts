import { sql, type Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * An item's annotation count had counted deleted findings (tombstones) too: a photo whose only
 * finding was deleted still showed as annotated in the grid and the queue selection. Recount the
 * standing findings of each item's shared layer (room `item/<id>`); projection keeps it so.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`update items set annotation_count = (
    select count(*) from annotations a where a.room = 'item/' || items.id and a.deleted_by is null
  )`.execute(db);
}

export async function down(): Promise<void> {
  // The count with tombstones cannot be told apart afterwards, and no reader wants it back.
}
