import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { countOf } from '../helpers/db.ts';
import { flatJpeg, removeDir, tempDir, writeFiles } from '../helpers/images.ts';
import { ingest, resultFor } from '../helpers/world.ts';

for (const dialect of DIALECTS) {
  describe(`ingest never takes in the evidence store itself (${dialect})`, () => {
    let athar: Instance;
    let dir: string;
    beforeAll(async () => {
      athar = await createInstance(dialect);
      dir = tempDir();
      writeFiles(dir, { 'photo.jpg': await flatJpeg(300, 200, { r: 200, g: 40, b: 40 }) });
      expect((await ingest(athar, [dir], 'Store')).code).toBe(0);
      // A link into DATA_DIR inside the tree, and DATA_DIR named directly.
      fs.symlinkSync(athar.dataDir, path.join(dir, 'store-link'));
    });
    afterAll(async () => {
      await athar.destroy();
      removeDir(dir);
    });

    it('reports DATA_DIR, reached through a link or named directly, and ingests nothing from it', async () => {
      const items = await countOf(athar, 'select count(*) as n from items');
      const run = await ingest(athar, [dir, athar.dataDir], 'Store');
      expect(run.code).toBe(1);
      expect(resultFor(run.results, 'photo.jpg').status).toBe('duplicate');
      for (const name of ['store-link', path.basename(athar.dataDir)]) {
        const result = resultFor(run.results, name);
        expect(result.status).toBe('rejected');
        expect(result.reason).toMatch(/data directory/);
      }
      expect(run.results).toHaveLength(3);
      expect(await countOf(athar, 'select count(*) as n from items')).toBe(items);
    });
  });
}
