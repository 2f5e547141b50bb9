import os from 'node:os';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import type { Db } from '../db/connect.ts';
import { ingestFile, type IngestJob, type IngestResult } from './ingest.ts';

export type PoolOptions = { db: Db; dataDir: string; databaseUrl?: string; workers?: number };

type Lane = { ingest(job: IngestJob): Promise<IngestResult>; close(): Promise<void> };

/** The first lane works in this thread, with the caller's database handle. */
function threadLane(options: PoolOptions): Lane {
  return {
    ingest: (job) => ingestFile(options.db, { dataDir: options.dataDir }, job),
    close: async () => {}
  };
}

/** A further lane: a worker thread with its own sharp, libvips and database connection. */
function workerLane(options: PoolOptions): Lane {
  const worker = new Worker(new URL('./ingest-worker.ts', import.meta.url), {
    workerData: { dataDir: options.dataDir, databaseUrl: options.databaseUrl }
  });
  // Remembered at once: a worker that dies early must not leave close() waiting for an 'exit'
  // event that has already fired.
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  return {
    ingest: (job) =>
      new Promise<IngestResult>((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        worker.once('error', onError);
        worker.once('message', (m: { result: IngestResult }) => {
          worker.off('error', onError);
          resolve(m.result);
        });
        worker.postMessage({ job });
      }),
    async close() {
      worker.postMessage({ stop: true });
      await exited;
    }
  };
}

/**
 * Runs ingest jobs on a pool of lanes (all cores by default). Jobs are pulled lazily from the
 * iterator, so a walk over 130,000 files never sits in memory. `stop()` lets running jobs finish
 * and dispatches no more (an interrupted ingest resumes on the next run).
 *
 * A lane starts only once there is a job for it, and the first works in this thread (the pixels
 * are cut on libvips's threads, the rest is I/O): one photo is ingested without a worker thread,
 * whose own copy of the runtime's modules, sharp and database costs tens of MiB (issue #20).
 */
export function createIngestPool(options: PoolOptions) {
  const size = Math.max(1, options.workers ?? os.availableParallelism());
  const vipsThreads = Math.max(1, Math.floor(os.availableParallelism() / size));
  let stopped = false;
  return {
    size,
    stop() {
      stopped = true;
    },
    async run(jobs: AsyncIterator<IngestJob>, onResult: (result: IngestResult) => void): Promise<void> {
      // N lanes × vipsThreads libvips threads ≈ the cores: no oversubscription (process-wide settings).
      sharp.concurrency(vipsThreads);
      sharp.cache(false);
      const lanes = Array.from({ length: size }, async (_, index) => {
        let next = stopped ? undefined : await jobs.next();
        if (!next || next.done) return;
        const lane = index === 0 ? threadLane(options) : workerLane(options);
        try {
          for (;;) {
            onResult(await lane.ingest(next.value));
            if (stopped) break;
            next = await jobs.next();
            if (next.done) break;
          }
        } finally {
          await lane.close();
        }
      });
      await Promise.all(lanes);
    }
  };
}
