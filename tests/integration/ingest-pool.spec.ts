/**
 * The ingest pool (evidence/pool.ts) over real files and a real database: every file taken is
 * answered once, a file whose ingest throws is reported on its own while the others are ingested,
 * and stop() lets the files in hand finish and takes no more. (Its turns to cut, one pyramid per
 * lane at a time: tests/unit/ingest-pool.spec.ts; a batch's order: ingest-evidence.spec.ts.)
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, type Db } from '../../src/lib/server/db/connect.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { createCollectionAudited } from '../../src/lib/server/collections/manage.ts';
import type { IngestJob, IngestResult } from '../../src/lib/server/evidence/ingest.ts';
import { createIngestPool } from '../../src/lib/server/evidence/pool.ts';
import { tilesPath } from '../../src/lib/server/evidence/store.ts';
import { DIALECTS, createPgDatabase } from '../helpers/dialects.ts';
import { colourOf, flatJpeg, removeDir, tempDir, writeFiles } from '../helpers/images.ts';

const WORKERS = 2;
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A migrated database, a data directory and a collection in it. */
async function world(dialect: string): Promise<{ db: Db; dataDir: string; collectionId: string }> {
  const dataDir = tempDir('athar-pool-');
  cleanups.push(() => removeDir(dataDir));
  const pg = dialect === 'postgres' ? await createPgDatabase() : undefined;
  if (pg) cleanups.push(() => pg.drop());
  const { db } = connect({ databaseUrl: pg?.url, dataDir, backgroundCheckpoints: false });
  cleanups.push(() => db.destroy());
  await migrateToLatest(db);
  const collection = await createCollectionAudited(db, { id: null, ip: null }, 'pool');
  return { db, dataDir, collectionId: collection!.id };
}

/** `count` photos of different colours (so none is a duplicate of another). */
async function photos(count: number): Promise<string[]> {
  const dir = tempDir('athar-pool-photos-');
  cleanups.push(() => removeDir(dir));
  const files: Record<string, Buffer> = {};
  for (let i = 0; i < count; i++) files[`photo-${i}.jpg`] = await flatJpeg(300, 200, colourOf(i));
  return Object.values(writeFiles(dir, files)).sort();
}

/** The jobs of `files` as the pool pulls them, and which it has taken so far. */
function jobsOf(files: string[], collectionOf: (file: string) => string) {
  const taken: string[] = [];
  async function* jobs(): AsyncGenerator<IngestJob> {
    for (const file of files) {
      taken.push(file);
      yield { path: file, collectionId: collectionOf(file), kind: 'photo', actor: 'cli:test', ip: null };
    }
  }
  return { jobs: jobs(), taken };
}

async function statusesOf(db: Db): Promise<Record<string, string>> {
  const rows = await db.selectFrom('items').select(['original_name', 'status']).execute();
  return Object.fromEntries(rows.map((r) => [r.original_name, r.status]));
}

for (const dialect of DIALECTS) {
  describe(`the ingest pool (${dialect})`, () => {
    it('answers every file once and stores each', async () => {
      const { db, dataDir, collectionId } = await world(dialect);
      const files = await photos(6);
      const results: IngestResult[] = [];
      await createIngestPool({ db, dataDir, workers: WORKERS }).run(
        jobsOf(files, () => collectionId).jobs,
        (r) => results.push(r)
      );
      expect(results.map((r) => r.path).sort()).toEqual(files);
      expect(results.every((r) => r.status === 'ingested' && r.itemId)).toBe(true);
      expect(Object.values(await statusesOf(db))).toEqual(Array(6).fill('ready'));
    });

    it('reports a file whose ingest throws as an internal error, and ingests the others', async () => {
      const { db, dataDir, collectionId } = await world(dialect);
      const files = await photos(4);
      const broken = files[1]!;
      const results: IngestResult[] = [];
      // A collection that does not exist: the items' insert breaks its foreign key and throws.
      await createIngestPool({ db, dataDir, workers: WORKERS }).run(
        jobsOf(files, (file) => (file === broken ? 'no-such-collection' : collectionId)).jobs,
        (r) => results.push(r)
      );
      expect(results).toHaveLength(4);
      expect(results.find((r) => r.path === broken)).toMatchObject({
        status: 'rejected',
        reasonCode: 'internal',
        reasonParams: { detail: expect.stringMatching(/foreign key/i) }
      });
      const others = results.filter((r) => r.path !== broken);
      expect(others.every((r) => r.status === 'ingested')).toBe(true);
      expect(await statusesOf(db)).toEqual(
        Object.fromEntries(others.map((r) => [path.basename(r.path), 'ready']))
      );
    });

    it('runs its large-cut hook once, when the first large file gets its turn and before it is cut', async () => {
      const { db, dataDir, collectionId } = await world(dialect);
      const dir = tempDir('athar-pool-sizes-');
      cleanups.push(() => removeDir(dir));
      // Large here: 300 × 200 and more (the pool's option; a real run's bound is LARGE_CUT_PIXELS).
      const sizes = {
        'small-0.jpg': [120, 80],
        'large-1.jpg': [300, 200],
        'small-2.jpg': [100, 100],
        'large-3.jpg': [320, 240]
      };
      const contents: Record<string, Buffer> = {};
      for (const [i, [name, [w, h]]] of Object.entries(sizes).entries())
        contents[name] = await flatJpeg(w!, h!, colourOf(i));
      const files = Object.values(writeFiles(dir, contents)).sort();
      const cut = (file: string) =>
        fs.existsSync(
          tilesPath({ dataDir }, createHash('sha256').update(fs.readFileSync(file)).digest('hex'), 0)
        );
      const large = files.filter((f) => path.basename(f).startsWith('large'));
      const seen: boolean[][] = [];
      const hook = () => seen.push(large.map(cut));
      const options = { db, dataDir, workers: 1, largeCutPixels: 300 * 200, beforeLargeCut: hook };
      // Only small files: never.
      const small = files.filter((f) => path.basename(f).startsWith('small'));
      await createIngestPool(options).run(jobsOf(small, () => collectionId).jobs, () => {});
      expect(seen).toEqual([]);
      // Then a batch with two large files: once, neither of them cut yet.
      const results: IngestResult[] = [];
      await createIngestPool(options).run(jobsOf(files, () => collectionId).jobs, (r) => results.push(r));
      expect(seen).toEqual([[false, false]]);
      expect(large.every(cut)).toBe(true);
      expect(
        results
          .filter((r) => r.status === 'ingested')
          .map((r) => path.basename(r.path))
          .sort()
      ).toEqual(['large-1.jpg', 'large-3.jpg']);
    });

    it('takes no more files after stop(), and finishes those in hand', async () => {
      const { db, dataDir, collectionId } = await world(dialect);
      const files = await photos(10);
      const source = jobsOf(files, () => collectionId);
      const results: IngestResult[] = [];
      const pool = createIngestPool({ db, dataDir, workers: WORKERS });
      await pool.run(source.jobs, (r) => {
        results.push(r);
        pool.stop();
      });
      // Two files in hand per lane at most when the first is answered, and none taken after.
      expect(source.taken.length).toBeGreaterThan(0);
      expect(source.taken.length).toBeLessThanOrEqual(2 * WORKERS);
      expect(results.map((r) => r.path).sort()).toEqual([...source.taken].sort());
      expect(Object.values(await statusesOf(db))).toEqual(Array(source.taken.length).fill('ready'));
    });
  });
}
