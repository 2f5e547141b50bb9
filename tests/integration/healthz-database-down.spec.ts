import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS, PG_ADMIN_URL } from '../helpers/dialects.ts';

// Only a database server can become unreachable under a running process; the embedded SQLite file
// cannot, so this behaviour exists for PostgreSQL alone (always present in CI).
describe.runIf(DIALECTS.includes('postgres'))('healthz when PostgreSQL is unreachable', () => {
  let athar: Instance;
  let dbName: string;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: PG_ADMIN_URL });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };

  beforeAll(async () => {
    athar = await startInstance('postgres');
    dbName = new URL(athar.env.DATABASE_URL ?? '').pathname.slice(1);
  });
  afterAll(async () => {
    await admin(`alter database ${dbName} allow_connections true`);
    await athar.destroy();
  });

  it('answers 503 while the database refuses connections, 200 again when it is back', async () => {
    expect((await fetch(`${athar.url}/healthz`)).status).toBe(200);
    await admin(`alter database ${dbName} allow_connections false`);
    await admin(`select pg_terminate_backend(pid) from pg_stat_activity where datname = '${dbName}'`);

    const down = await fetch(`${athar.url}/healthz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'unavailable' });

    await admin(`alter database ${dbName} allow_connections true`);
    expect((await fetch(`${athar.url}/healthz`)).status).toBe(200);
  });
});
