import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audit, verifyAuditLog } from '../../src/lib/server/audit/log.ts';
import type { Db } from '../../src/lib/server/db/connect.ts';
import type { Database } from '../../src/lib/server/db/schema.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';

describe('audit hash chain', () => {
  let sqlite: SQLite.Database;
  let db: Db;

  beforeEach(async () => {
    sqlite = new SQLite(':memory:');
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    await migrateToLatest(db);
    for (let i = 1; i <= 5; i++)
      await audit(db, { actorId: `u${i}`, action: 'test.event', target: `t${i}`, details: { i } });
  });
  afterEach(() => db.destroy());

  it('chains each row to the previous one and verifies', async () => {
    const rows = sqlite.prepare('select seq, prev_hash, hash from audit_log order by seq').all() as {
      seq: number;
      prev_hash: string;
      hash: string;
    }[];
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    expect(await verifyAuditLog(db)).toEqual({ ok: true, rows: 5 });
  });

  it('names an altered row', async () => {
    sqlite.prepare(`update audit_log set details = '{"i":99}' where seq = 3`).run();
    expect(await verifyAuditLog(db)).toMatchObject({
      ok: false,
      seq: 3,
      problem: expect.stringContaining('altered')
    });
  });

  it('names the gap left by a removed row', async () => {
    sqlite.prepare('delete from audit_log where seq = 2').run();
    expect(await verifyAuditLog(db)).toMatchObject({
      ok: false,
      seq: 2,
      problem: expect.stringContaining('missing')
    });
  });

  it('names reordered rows', async () => {
    // Swap the contents of rows 2 and 4 but keep their sequence numbers.
    sqlite.exec(`
      create temp table swap as select * from audit_log where seq in (2, 4);
      update audit_log set at = (select at from swap where seq = 4), actor_id = (select actor_id from swap where seq = 4),
        target = (select target from swap where seq = 4), details = (select details from swap where seq = 4),
        prev_hash = (select prev_hash from swap where seq = 4), hash = (select hash from swap where seq = 4) where seq = 2;
      update audit_log set at = (select at from swap where seq = 2), actor_id = (select actor_id from swap where seq = 2),
        target = (select target from swap where seq = 2), details = (select details from swap where seq = 2),
        prev_hash = (select prev_hash from swap where seq = 2), hash = (select hash from swap where seq = 2) where seq = 4;
    `);
    expect(await verifyAuditLog(db)).toMatchObject({ ok: false, seq: 2 });
  });

  it('notices a truncated tail through the chain head', async () => {
    sqlite.prepare('delete from audit_log where seq = 5').run();
    expect(await verifyAuditLog(db)).toMatchObject({
      ok: false,
      seq: 5,
      problem: expect.stringContaining('missing')
    });
  });

  it('stays a single chain under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 40 }, (_, i) => audit(db, { actorId: null, action: 'burst', details: { i } }))
    );
    expect(await verifyAuditLog(db)).toEqual({ ok: true, rows: 45 });
  });

  it('records the row inside the caller’s transaction, or not at all', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await audit(trx, { actorId: null, action: 'rolled.back' });
        throw new Error('abort');
      })
    ).rejects.toThrow('abort');
    expect(await verifyAuditLog(db)).toEqual({ ok: true, rows: 5 });
  });
});
