/**
 * Signed checkpoints of the audit chain (issue 13, point 3): someone who can write the database
 * deletes a row and re-chains every later row with the published formula. The chain alone then
 * verifies; the signed checkpoints do not, and the verdict names the first row after the last
 * checkpoint that still holds.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashAuditRow } from '../../src/lib/server/audit/log.ts';
import type { AuditRow } from '../../src/lib/server/db/schema.ts';
import { createInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { query } from '../helpers/db.ts';

const sqlText = (s: string | null) => (s === null ? 'null' : `'${s.replaceAll("'", "''")}'`);

/** Deletes row `seq` and re-chains every later row, as an intruder who read the README would. */
async function deleteAndRechain(athar: Instance, seq: number): Promise<void> {
  const rows = await query<AuditRow>(athar, 'select * from audit_log order by seq');
  await query(athar, `delete from audit_log where seq >= ${seq}`);
  let prev = rows[seq - 2]?.hash ?? '0'.repeat(64);
  let next = seq;
  for (const raw of rows.slice(seq)) {
    const partial = { ...raw, seq: next++, at: Number(raw.at), prev_hash: prev };
    const hash = hashAuditRow(partial);
    await query(
      athar,
      `insert into audit_log (seq, at, actor_id, action, target, details, ip, prev_hash, hash) values (` +
        [
          partial.seq,
          partial.at,
          sqlText(partial.actor_id),
          sqlText(partial.action),
          sqlText(partial.target),
          sqlText(partial.details),
          sqlText(partial.ip),
          sqlText(prev),
          sqlText(hash)
        ].join(', ') +
        ')'
    );
    prev = hash;
  }
  await query(athar, `update audit_head set seq = ${next - 1}, hash = '${prev}' where id = 1`);
}

for (const dialect of DIALECTS) {
  describe(`signed audit checkpoints (${dialect})`, () => {
    let athar: Instance;
    /** The commands under test, each in its own process; the world is built in the command host. */
    const cli = async (...args: string[]) => athar.cli(args);
    const build = async (...args: string[]) => expect((await athar.run(args)).code).toBe(0);

    beforeEach(async () => {
      athar = await createInstance(dialect);
      for (const name of ['One', 'Two']) await build('collection', 'create', name);
      await build('audit', 'checkpoint'); // signs row 2
      for (const name of ['Three', 'Four', 'Five']) await build('collection', 'create', name);
      await build('audit', 'checkpoint'); // signs row 5
    });
    afterEach(() => athar.destroy());

    it('verifies an untouched log and says how far the checkpoints reach', async () => {
      const result = await cli('audit', 'verify');
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain('5 row(s) verified; 2 signed checkpoint(s) hold, the last at row 5');
      const keyFile = path.join(athar.dataDir, 'keys', 'instance-ed25519.pem');
      expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
    });

    it('detects a deleted row re-chained with the published formula, and names the row after the last good checkpoint', async () => {
      await deleteAndRechain(athar, 4);
      const result = await cli('audit', 'verify');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('BROKEN at row 3');
      expect(result.stderr).toContain('rows up to 2 match');
    });

    it('still detects it when the intruder also deletes the checkpoints from the database', async () => {
      await deleteAndRechain(athar, 1);
      await query(athar, 'delete from audit_checkpoints');
      const result = await cli('audit', 'verify');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('BROKEN at row 1');
    });

    it('checks exported checkpoints too, after the data directory copy is gone', async () => {
      const exported = path.join(athar.dataDir, 'exported.jsonl');
      fs.copyFileSync(path.join(athar.dataDir, 'audit', 'checkpoints.jsonl'), exported);
      await deleteAndRechain(athar, 2);
      await query(athar, 'delete from audit_checkpoints');
      fs.rmSync(path.join(athar.dataDir, 'audit', 'checkpoints.jsonl'));
      expect((await cli('audit', 'verify')).code).toBe(0); // the chain alone cannot tell
      const result = await cli('audit', 'verify', '--checkpoints', exported);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('BROKEN at row 1');
    });

    it('refuses a checkpoint that the instance key did not sign', async () => {
      await query(athar, `update audit_checkpoints set hash = '${'f'.repeat(64)}' where seq = 5`);
      const result = await cli('audit', 'verify');
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('checkpoint of row 5');
      expect(result.stderr).toContain('no valid signature');
    });

    it('the server signs the head while it runs and when it stops', async () => {
      athar.env.AUDIT_CHECKPOINT_MS = '1000';
      await athar.start();
      await build('collection', 'create', 'Six');
      await expect
        .poll(async () => (await query(athar, 'select seq from audit_checkpoints where seq = 6')).length, {
          timeout: 15_000
        })
        .toBe(1);
      await build('collection', 'create', 'Seven');
      await athar.stop('SIGTERM');
      const rows = await query(athar, 'select seq from audit_checkpoints where seq = 7');
      expect(rows).toHaveLength(1);
      const lines = fs
        .readFileSync(path.join(athar.dataDir, 'audit', 'checkpoints.jsonl'), 'utf8')
        .trim()
        .split('\n');
      expect(lines.map((l) => (JSON.parse(l) as { seq: number }).seq)).toEqual([2, 5, 6, 7]);
    });
  });
}
