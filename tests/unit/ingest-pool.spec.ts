/**
 * The ingest pool's lanes: one pyramid cut per lane at a time, the next files in hand meanwhile,
 * every job answered once, a file that throws reported on its own, and stop() honoured. The
 * pipeline of one file (`ingestFile`) is replaced by a  stand-in that only takes its turn to cut.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Db } from '../../src/lib/server/db/connect.ts';
import type { CutTurn, IngestJob, IngestResult } from '../../src/lib/server/evidence/ingest.ts';
import { createIngestPool } from '../../src/lib/server/evidence/pool.ts';

const seen = vi.hoisted(() => ({
  inHand: 0,
  cutting: 0,
  mostInHand: 0,
  mostCutting: 0,
  cut: [] as string[]
}));

/** A turn of the event loop: what a file's copy, probe or pyramid stands in for here. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

// Only `ingestFile` is replaced; the rest (the shape of a rejected file's result) is the module's own.
vi.mock('../../src/lib/server/evidence/ingest.ts', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  async ingestFile(
    _db: unknown,
    _store: unknown,
    job: IngestJob,
    _progress: unknown,
    cutTurn: CutTurn
  ): Promise<IngestResult> {
    seen.inHand++;
    seen.mostInHand = Math.max(seen.mostInHand, seen.inHand);
    try {
      await tick();
      if (job.path.includes('broken')) throw new Error('the database is gone');
      const end = await cutTurn();
      seen.cutting++;
      seen.mostCutting = Math.max(seen.mostCutting, seen.cutting);
      seen.cut.push(job.path);
      await tick();
      await tick();
      seen.cutting--;
      end();
      return {
        path: job.path,
        status: 'ingested',
        itemId: job.path,
        sha256: null,
        reason: null,
        reasonCode: null,
        reasonParams: null
      };
    } finally {
      seen.inHand--;
    }
  }
}));

function reset() {
  Object.assign(seen, { inHand: 0, cutting: 0, mostInHand: 0, mostCutting: 0, cut: [] });
}

function jobsOf(paths: string[]): { jobs: AsyncGenerator<IngestJob>; taken: string[] } {
  const taken: string[] = [];
  async function* jobs(): AsyncGenerator<IngestJob> {
    for (const path of paths) {
      taken.push(path);
      yield { path, collectionId: 'c', kind: 'photo', actor: 'cli:test', ip: null };
    }
  }
  return { jobs: jobs(), taken };
}

const pool = () => createIngestPool({ db: {} as Db, dataDir: '/nowhere', workers: 2 });
const paths = (n: number) => Array.from({ length: n }, (_, i) => `photo-${i}.jpg`);

describe('the ingest pool', () => {
  it('cuts one pyramid per lane at a time, in the order asked, with the next files in hand', async () => {
    reset();
    const results: IngestResult[] = [];
    await pool().run(jobsOf(paths(10)).jobs, (r) => results.push(r));
    expect(seen.mostCutting).toBe(2);
    expect(seen.mostInHand).toBe(4);
    expect(seen.cut).toEqual(paths(10));
    expect(results.map((r) => r.path).sort()).toEqual(paths(10).sort());
    expect(results.every((r) => r.status === 'ingested' && r.itemId === r.path)).toBe(true);
  });

  it('reports a file whose ingest throws as an internal error, and ingests the others', async () => {
    reset();
    const results: IngestResult[] = [];
    const all = ['a.jpg', 'broken.jpg', 'c.jpg', 'd.jpg'];
    await pool().run(jobsOf(all).jobs, (r) => results.push(r));
    expect(results.find((r) => r.path === 'broken.jpg')).toMatchObject({
      status: 'rejected',
      reasonCode: 'internal',
      reasonParams: { detail: 'the database is gone' }
    });
    expect(
      results
        .filter((r) => r.status === 'ingested')
        .map((r) => r.path)
        .sort()
    ).toEqual(['a.jpg', 'c.jpg', 'd.jpg']);
    expect(seen.cutting).toBe(0);
  });

  it('takes no more files after stop(), and finishes those in hand', async () => {
    reset();
    const results: IngestResult[] = [];
    const source = jobsOf(paths(10));
    const running = pool();
    await running.run(source.jobs, (r) => {
      results.push(r);
      running.stop();
    });
    expect(source.taken).toHaveLength(4);
    expect(results.map((r) => r.path).sort()).toEqual([...source.taken].sort());
  });
});
