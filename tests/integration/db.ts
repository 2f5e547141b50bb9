import SQLite from 'better-sqlite3';
import path from 'node:path';
import pg from 'pg';
import type { Instance } from '../helpers/athar.ts';

/** Raw SQL against an instance's own database, as an intruder with database access would run it. */
export async function rawSql(athar: Instance, statement: string): Promise<void> {
  if (athar.dialect === 'sqlite') {
    const db = new SQLite(path.join(athar.dataDir, 'athar.db'));
    try {
      db.exec(statement);
    } finally {
      db.close();
    }
    return;
  }
  const client = new pg.Client({ connectionString: athar.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
