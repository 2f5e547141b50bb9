/**
 * The statements that read a room's whole update log on SQLite (synchronous, on the event loop that
 * relays every room) must read the log's room index alone, never the table's rows: the log's size
 * when a room loads, and who wrote a page between two versions. Checked on the query plans of the
 * very statements the code runs, captured as they run.
 */
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type CompiledQuery } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { itemRoom } from '../../src/lib/model/rooms.ts';
import { createRoomStore } from '../../src/lib/server/collab/store.ts';
import type { Db } from '../../src/lib/server/db/connect.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import type { Database } from '../../src/lib/server/db/schema.ts';
import { loggedAuthors } from '../../src/lib/server/transcription/versions.ts';

const ITEM = 'planitem0000000000000001';

describe('reading a room’s whole log (SQLite)', () => {
  let sqlite: SQLite.Database;
  let db: Db;
  let ran: CompiledQuery[];

  /** The plan of each statement `run` sent, as SQLite's EXPLAIN QUERY PLAN details. */
  async function plansOf(run: () => Promise<unknown>): Promise<string[]> {
    ran = [];
    await run();
    expect(ran.length).toBeGreaterThan(0);
    return ran.map((query) =>
      (sqlite.prepare(`explain query plan ${query.sql}`).all(...query.parameters) as { detail: string }[])
        .map((row) => row.detail)
        .join('; ')
    );
  }

  beforeEach(async () => {
    sqlite = new SQLite(':memory:');
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (event) => {
        if (event.level === 'query') ran?.push(event.query);
      }
    });
    await migrateToLatest(db);
  });
  afterEach(() => db.destroy());

  it('counts the log’s bytes from the index alone', async () => {
    const store = createRoomStore(db);
    await store.append(itemRoom(ITEM), [{ data: new Uint8Array([1, 2, 3]), userId: 'someone', at: 1 }]);
    expect(await store.logBytes(itemRoom(ITEM))).toBe(3);
    for (const plan of await plansOf(() => store.logBytes(itemRoom(ITEM))))
      expect(plan).toMatch(/USING COVERING INDEX collab_updates_room\b/);
  });

  it('finds who wrote between two versions from the index alone', async () => {
    const store = createRoomStore(db);
    await store.append(itemRoom(ITEM), [
      { data: new Uint8Array([1]), userId: 'early', at: 10 },
      { data: new Uint8Array([2]), userId: 'late', at: 20 }
    ]);
    expect(await loggedAuthors(db, ITEM, 15, 25)).toEqual(['late']);
    for (const plan of await plansOf(() => loggedAuthors(db, ITEM, 15, 25)))
      expect(plan).toMatch(/USING COVERING INDEX collab_updates_room\b/);
  });
});
