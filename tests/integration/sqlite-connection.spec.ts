/**
 * The SQLite connection the application uses: compiled statements are kept and reused (and stay
 * right when the schema changes), the write-ahead log reaches the database file through the
 * background checkpointer while the connection is open, and completely when it closes, and a
 * transaction that reads before it writes is not refused because another connection (another
 * worker process) writes the same file meanwhile.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/lib/server/db/connect.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function open() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-sqlite-'));
  dirs.push(dir);
  return { dir, ...connect({ databaseUrl: undefined, dataDir: dir }) };
}

/** Rows of `t` in the database file alone, as if the write-ahead log had been lost. */
function rowsInFileAlone(dir: string): number {
  const copy = path.join(dir, 'copy.db');
  fs.copyFileSync(path.join(dir, 'athar.db'), copy);
  const db = new SQLite(copy, { readonly: true });
  try {
    return (db.prepare('select count(*) as n from t').get() as { n: number }).n;
  } catch {
    return 0; // the table itself is still only in the log
  } finally {
    db.close();
    fs.rmSync(copy);
  }
}

describe('the SQLite connection', () => {
  it('holds the write lock from the start of a transaction, so reading first cannot get it refused', async () => {
    const { db, dir } = open();
    await sql`create table t (n integer)`.execute(db);
    // Another worker's connection; with no busy timeout it is told at once when it would have to wait.
    const other = new SQLite(path.join(dir, 'athar.db'), { timeout: 0 });
    const otherWrites = () => other.prepare('insert into t values (2)').run();
    try {
      await db.transaction().execute(async (trx) => {
        const before = await sql<{ n: number }>`select count(*) as n from t`.execute(trx);
        expect(before.rows[0]?.n).toBe(0);
        // Begun as a reader, the transaction would let this commit, and its own insert below would
        // then be refused (SQLITE_BUSY_SNAPSHOT, "database is locked"): the other writer must wait.
        expect(otherWrites).toThrow(expect.objectContaining({ code: 'SQLITE_BUSY' }));
        await sql`insert into t values (1)`.execute(trx);
      });
      otherWrites();
      const rows = await sql<{ n: number }>`select n from t order by n`.execute(db);
      expect(rows.rows).toEqual([{ n: 1 }, { n: 2 }]);
    } finally {
      other.close();
      await db.destroy();
    }
  });

  it('runs a kept statement again after the schema changed under it', async () => {
    const { db } = open();
    await sql`create table t (n integer)`.execute(db);
    await sql`insert into t values (1)`.execute(db);
    const all = () =>
      db
        .selectFrom('t' as never)
        .selectAll()
        .execute();
    expect(await all()).toEqual([{ n: 1 }]);
    await sql`alter table t add column m integer not null default 7`.execute(db);
    expect(await all()).toEqual([{ n: 1, m: 7 }]);
    await db.destroy();
  });

  it('moves committed writes into the database file while open, and all of them at close', async () => {
    const { db, dir } = open();
    await sql`create table t (n integer, pad blob)`.execute(db);
    for (let i = 0; i < 200; i++) await sql`insert into t values (${i}, zeroblob(4096))`.execute(db);
    await expect.poll(() => rowsInFileAlone(dir), { timeout: 20_000 }).toBe(200);

    for (let i = 200; i < 300; i++) await sql`insert into t values (${i}, zeroblob(16))`.execute(db);
    await db.destroy();
    expect(rowsInFileAlone(dir)).toBe(300);
  });
});
