/**
 * Direct access to an instance's own database, for what no endpoint can do (expiring a session,
 * forging an audit row) or should be trusted to show. Write SQL with `?` placeholders: they become
 * `$n` on PostgreSQL.
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Instance } from './athar.ts';

export type TestDb = {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
};

/** A connection kept open across statements; close it when done. */
export async function openDb(athar: Instance): Promise<TestDb> {
  if (athar.dialect === 'sqlite') {
    const db = new SQLite(path.join(athar.dataDir, 'athar.db'));
    db.pragma('busy_timeout = 5000');
    return {
      async query<T>(sql: string, params: unknown[] = []) {
        const statement = db.prepare(sql);
        return (statement.reader ? statement.all(...params) : (statement.run(...params), [])) as T[];
      },
      async close() {
        db.close();
      }
    };
  }
  const client = new pg.Client({ connectionString: athar.env.DATABASE_URL });
  await client.connect();
  return {
    async query<T>(sql: string, params: unknown[] = []) {
      let n = 0;
      const result = await client.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params
      );
      return result.rows as T[];
    },
    close: () => client.end()
  };
}

/** One statement on a connection of its own. */
export async function query<T = Record<string, unknown>>(
  athar: Instance,
  sql: string,
  params: unknown[] = []
): Promise<T[]> {
  const db = await openDb(athar);
  try {
    return await db.query<T>(sql, params);
  } finally {
    await db.close();
  }
}

/** The number a `select count(*) as n …` statement answers. */
export async function countOf(athar: Instance, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await query<{ n: unknown }>(athar, sql, params);
  return Number(row?.n);
}

export async function count(db: TestDb, table: string): Promise<number> {
  const [row] = await db.query<{ n: unknown }>(`select count(*) as n from ${table}`);
  return Number(row?.n);
}

/** Every row of the tables that hold people, access and settings, in a stable order and form. */
export async function snapshot(db: TestDb): Promise<string> {
  const tables: Array<[string, string]> = [
    ['users', 'id'],
    ['collections', 'id'],
    ['collection_members', 'collection_id, user_id'],
    ['api_tokens', 'id'],
    ['settings', 'key']
  ];
  const out: Record<string, unknown[]> = {};
  for (const [table, order] of tables) {
    const rows = await db.query(`select * from ${table} order by ${order}`);
    out[table] = rows.map((row) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? null : String(v)]))
    );
  }
  return JSON.stringify(out);
}

export async function collectionIdOf(athar: Instance, name: string): Promise<string> {
  const [row] = await query<{ id: string }>(athar, 'select id from collections where name = ?', [name]);
  if (!row) throw new Error(`no collection ${name}`);
  return row.id;
}

/** The session row behind a cookie value: its id is the SHA-256 of the token. */
export async function sessionIdOf(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return Buffer.from(digest).toString('hex');
}
