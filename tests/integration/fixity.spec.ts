/**
 * `athar fixity` re-hashes every stored original: exit 0 when all are intact, exit 1 naming each
 * altered (`mismatch`) or lost (`missing`) original, and an audit row for every run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { query } from '../helpers/db.ts';
import { colourOf, flatJpeg, multiPageTiff, removeDir, tempDir, writeFiles } from '../helpers/images.ts';
import { ingest, originalFile, verifiedAuditRows } from '../helpers/world.ts';

for (const dialect of DIALECTS) {
  describe(`athar fixity (${dialect})`, () => {
    let athar: Instance;
    let fixtures: string;
    let shas: string[];

    /** One fixity run; it must add exactly one audit row and keep the chain intact. */
    async function fixity() {
      const before = await verifiedAuditRows(athar);
      const run = await athar.cli(['fixity']);
      expect(await verifiedAuditRows(athar)).toBe(before + 1);
      const [row] = await query<{ action: string; details: string }>(
        athar,
        'select action, details from audit_log order by seq desc limit 1'
      );
      expect(row?.action).toBe('evidence.fixity');
      return { ...run, details: JSON.parse(row!.details) as { checked: number; problems: number } };
    }

    beforeAll(async () => {
      athar = await startInstance(dialect);
      fixtures = tempDir();
      const dir = path.join(fixtures, 'in');
      writeFiles(dir, {
        'a.jpg': await flatJpeg(600, 400, colourOf(1)),
        'b.jpg': await flatJpeg(600, 400, colourOf(2)),
        'c.tiff': await multiPageTiff(600, 400, [colourOf(3), colourOf(4)])
      });
      const run = await ingest(athar, [dir], 'Fixity');
      expect(run.code).toBe(0);
      // the same content in a second collection is still one original to check
      expect((await ingest(athar, [path.join(dir, 'a.jpg')], 'Second')).code).toBe(0);
      shas = run.results.map((r) => r.sha256!);
    });
    afterAll(async () => {
      await athar?.destroy();
      if (fixtures) removeDir(fixtures);
    });

    it('exits 0 when every original is intact', async () => {
      const run = await fixity();
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toContain('fixity: 3 original(s) checked, 0 problem(s)');
      expect(run.stderr).toBe('');
      expect(run.details).toMatchObject({ checked: 3, problems: 0 });
    });

    it('exits 1 naming an original whose bytes changed', async () => {
      const file = originalFile(athar, shas[0]!);
      fs.chmodSync(file, 0o644);
      const bytes = fs.readFileSync(file);
      bytes[Math.floor(bytes.length / 2)]! ^= 0x01;
      fs.writeFileSync(file, bytes);
      fs.chmodSync(file, 0o444);

      const run = await fixity();
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(
        new RegExp(`^mismatch ${shas[0]}: the file now hashes to [0-9a-f]{64}$`, 'm')
      );
      expect(run.stderr).not.toContain(shas[1]!);
      expect(run.stdout).toContain('3 original(s) checked, 1 problem(s)');
      expect(run.details).toMatchObject({ checked: 3, problems: 1 });
    });

    it('exits 1 naming an original that is gone', async () => {
      fs.rmSync(originalFile(athar, shas[1]!));
      const run = await fixity();
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`^missing ${shas[1]}: `, 'm'));
      expect(run.stderr).toMatch(new RegExp(`^mismatch ${shas[0]}: `, 'm'));
      expect(run.stderr).not.toContain(shas[2]!);
      expect(run.details).toMatchObject({ checked: 3, problems: 2 });
    });
  });
}
