/**
 * The PostgreSQL connections the application uses: statements with parameters are kept prepared on
 * each pooled connection (src/lib/server/db/statement-cache.ts), run again by name, stay right when
 * the columns behind them change, and those no longer kept are deallocated.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql, type Transaction } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Db } from '../../src/lib/server/db/connect.ts';
import type { Database } from '../../src/lib/server/db/schema.ts';
import { DIALECTS, createPgDatabase } from '../helpers/dialects.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function open(): Promise<Db> {
  const database = await createPgDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-pg-'));
  const { db } = connect({ databaseUrl: database.url, dataDir });
  cleanups.push(async () => {
    await db.destroy();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return db;
}

/** The statements prepared on the connection that runs this (one at a time: the pool reuses it). */
async function prepared(db: Db): Promise<{ pid: number; statements: string[] }> {
  const { rows } = await sql<{ pid: number; statements: string[] | null }>`select pg_backend_pid() as pid,
    (select array_agg(statement order by statement) from pg_prepared_statements) as statements`.execute(db);
  return { pid: rows[0]!.pid, statements: rows[0]!.statements ?? [] };
}

describe.runIf(DIALECTS.includes('postgres'))('the PostgreSQL connection', () => {
  it('keeps a statement with parameters prepared and runs it again by name', async () => {
    const db = await open();
    const twice = (n: number) => sql<{ n: number }>`select ${n}::int + 1 as n`.execute(db);
    expect((await twice(1)).rows).toEqual([{ n: 2 }]);
    expect((await twice(2)).rows).toEqual([{ n: 3 }]);
    const { statements } = await prepared(db);
    expect(statements).toEqual(['select $1::int + 1 as n']);
  });

  it('runs a kept statement again after the columns behind it changed', async () => {
    const db = await open();
    await sql`create table t (n integer)`.execute(db);
    await sql`insert into t values (1)`.execute(db);
    const all = (on: Db | Transaction<Database> = db) => sql`select * from t where n = ${1}`.execute(on);
    expect((await all()).rows).toEqual([{ n: 1 }]);
    await sql`alter table t add column m integer not null default 7`.execute(db);
    expect((await all()).rows).toEqual([{ n: 1, m: 7 }]);

    // Inside a transaction the error aborts it, so it stands; the statement is prepared afresh after.
    await sql`alter table t add column k integer not null default 9`.execute(db);
    await expect(db.transaction().execute((trx) => all(trx))).rejects.toMatchObject({ code: '0A000' });
    expect((await all()).rows).toEqual([{ n: 1, m: 7, k: 9 }]);
  });

  it('deallocates the statements it no longer keeps', async () => {
    const db = await open();
    const first = await prepared(db);
    for (let i = 0; i < 150; i++) await sql`select ${i}::int as ${sql.raw(`n${i}`)}`.execute(db);
    // Deallocated as the connection goes back to the pool, before its next user's statements.
    const after = await prepared(db);
    expect(after.pid).toBe(first.pid);
    expect(after.statements.length).toBe(100);
    expect(after.statements).toContain('select $1::int as n149');
    expect(after.statements).not.toContain('select $1::int as n49');
    expect((await sql<{ n0: number }>`select ${5}::int as n0`.execute(db)).rows).toEqual([{ n0: 5 }]);
  });
});
