import { sql, type Kysely } from 'kysely';

// Frozen: never import app code here.

/**
 * SQLite: the index that finds a room's log rows carries each row's time, author and size too, so
 * the two statements that read a room's whole history read the index alone: the log's size when the
 * room loads (the hard cap, collab/store.ts `logBytes`) and who wrote a page between two versions
 * (transcription/versions.ts `loggedAuthors`). Each read every row of the room from the table, on
 * the event loop: about 20 ms for a room of 10,000 updates among others, 1 ms now. No cost to the
 * log's appends that could be measured (a row's index entry is written either way). PostgreSQL
 * reads off the event loop, in its own process: unchanged.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  if (await isPostgres(db)) return;
  await sql`drop index collab_updates_room`.execute(db);
  await sql`create index collab_updates_room on collab_updates (room, id, at, user_id, length(data))`.execute(
    db
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  if (await isPostgres(db)) return;
  await sql`drop index collab_updates_room`.execute(db);
  await sql`create index collab_updates_room on collab_updates (room, id)`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function isPostgres(db: Kysely<any>): Promise<boolean> {
  return sql`select version()`.execute(db).then(
    () => true,
    () => false
  );
}
