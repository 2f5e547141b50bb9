/**
 * Hostile and broken files in one `athar ingest` run: each is rejected with a clear reason and
 * leaves nothing behind (no original, no tile container, no temporary file, no item row), while the
 * good files of the same run are ingested normally.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { countOf, query } from '../helpers/db.ts';
import {
  colourOf,
  decompressionBomb,
  flatJpeg,
  gif,
  removeDir,
  svg,
  tempDir,
  truncatedJpeg,
  writeFiles
} from '../helpers/images.ts';
import { filesUnder, ingest, type IngestResult, resultFor } from '../helpers/world.ts';

const asRoot = process.getuid?.() === 0;

/** file name → what its rejection reason must say */
const EXPECTED: Record<string, RegExp> = {
  'empty.jpg': /empty file \(0 bytes\)/,
  'truncated.jpg': /^cannot decode image: premature end of file \(the file is truncated\)$/,
  'text.jpg': /not an image in a supported format/,
  'bomb.png': /image too large: more than [\d,]+ pixels \(decompression bomb\?\)/,
  'animation.gif': /unsupported format: gif/,
  'drawing.svg': /unsupported format: svg/,
  'dangling.jpg': /unreadable: .*does not exist/,
  'loop-a.jpg': /symlink loop/,
  'loop-b.jpg': /symlink loop/,
  'nested/up': /symlink loop/,
  // a link at the top of the tree to the directory that holds the tree: it must not lead outside
  parent: /symlink loop/,
  // root reads anything, so the permission case only exists for other users
  ...(asRoot ? {} : { 'locked.jpg': /unreadable: permission denied/ })
};

/** file name → the code and parameters of its rejection (reasons.ts), for interfaces to word */
const CODES: Record<string, { code: string; params: Record<string, unknown> }> = {
  'empty.jpg': { code: 'empty', params: {} },
  'truncated.jpg': { code: 'truncated', params: {} },
  'text.jpg': { code: 'not_an_image', params: {} },
  'bomb.png': { code: 'too_many_pixels', params: { limit: 400_000_000 } },
  'animation.gif': { code: 'unsupported_format', params: { format: 'gif' } },
  'drawing.svg': { code: 'unsupported_format', params: { format: 'svg' } },
  'dangling.jpg': { code: 'missing', params: {} },
  'loop-a.jpg': { code: 'symlink_loop', params: {} },
  parent: { code: 'symlink_loop', params: {} },
  ...(asRoot ? {} : { 'locked.jpg': { code: 'permission_denied', params: {} } })
};

for (const dialect of DIALECTS) {
  describe(`ingest of hostile files (${dialect})`, () => {
    let athar: Instance;
    let fixtures: string;
    let run: { code: number | null; results: IngestResult[]; stderr: string };
    const goodSha = new Map<string, string>();

    beforeAll(async () => {
      athar = await startInstance(dialect);
      fixtures = tempDir();
      const dir = path.join(fixtures, 'in');
      const good = {
        'good-1.jpg': await flatJpeg(600, 400, colourOf(1)),
        'good-2.jpg': await flatJpeg(640, 480, colourOf(2))
      };
      for (const [name, bytes] of Object.entries(good))
        goodSha.set(name, createHash('sha256').update(bytes).digest('hex'));
      writeFiles(dir, {
        ...good,
        'empty.jpg': Buffer.alloc(0),
        'truncated.jpg': await truncatedJpeg(),
        'text.jpg': 'This is a note, not a photograph.\n',
        'bomb.png': await decompressionBomb(),
        'animation.gif': await gif(),
        'drawing.svg': svg()
      });
      fs.mkdirSync(path.join(dir, 'nested'));
      fs.symlinkSync(path.join(fixtures, 'nowhere.jpg'), path.join(dir, 'dangling.jpg'));
      fs.symlinkSync('loop-b.jpg', path.join(dir, 'loop-a.jpg'));
      fs.symlinkSync('loop-a.jpg', path.join(dir, 'loop-b.jpg'));
      fs.symlinkSync('..', path.join(dir, 'nested', 'up'));
      fs.symlinkSync('..', path.join(dir, 'parent'));
      writeFiles(fixtures, { 'outside.jpg': await flatJpeg(600, 400, colourOf(4)) });
      if (!asRoot) {
        writeFiles(dir, { 'locked.jpg': await flatJpeg(600, 400, colourOf(3)) });
        fs.chmodSync(path.join(dir, 'locked.jpg'), 0o000);
      }
      run = await ingest(athar, [dir], 'Hostile');
    });
    afterAll(async () => {
      await athar?.destroy();
      if (fixtures) removeDir(fixtures);
    });

    it('exits 1 and reports every file once, and none from outside the tree', () => {
      expect(run.code).toBe(1);
      const names = run.results.map((r) => path.relative(path.join(fixtures, 'in'), r.path)).sort();
      expect(names).toEqual([...goodSha.keys(), ...Object.keys(EXPECTED)].sort());
    });

    it('ingests the good files of the same run', () => {
      for (const [name, sha256] of goodSha) {
        expect(resultFor(run.results, name)).toMatchObject({
          status: 'ingested',
          sha256,
          itemId: expect.stringMatching(/^[a-z2-7]{24}$/),
          reason: null
        });
      }
    });

    it('rejects each hostile file with a clear reason', () => {
      for (const [name, reason] of Object.entries(EXPECTED)) {
        const result = resultFor(run.results, name);
        expect(result.status, name).toBe('rejected');
        expect(result.itemId, name).toBeNull();
        expect(result.reason, name).toMatch(reason);
      }
    });

    it('gives each rejection its code and parameters beside the English reason', () => {
      for (const [name, { code, params }] of Object.entries(CODES)) {
        const result = resultFor(run.results, name);
        expect({ code: result.reasonCode, params: result.reasonParams }, name).toEqual({ code, params });
      }
    });

    it('keeps nothing of a rejected file: no original, tile container, temporary file or row', async () => {
      const shas = [...goodSha.values()].sort();
      expect(filesUnder(athar, 'originals')).toEqual(shas.map((s) => `${s.slice(0, 2)}/${s}`));
      expect(filesUnder(athar, 'tiles')).toEqual(shas.map((s) => `${s.slice(0, 2)}/${s}-0.zip`));
      expect(filesUnder(athar, 'tmp')).toEqual([]);
      const rows = await query<{ sha256: string; status: string }>(
        athar,
        'select sha256, status from items order by sha256'
      );
      expect(rows).toEqual(shas.map((sha256) => ({ sha256, status: 'ready' })));
      expect(await countOf(athar, 'select count(*) as n from documents')).toBe(0);
      expect(
        await countOf(athar, "select count(*) as n from audit_log where action = 'evidence.ingest'")
      ).toBe(2);
    });
  });
}
