import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { IngestJob, IngestResult } from './ingest.ts';

export type PoolOptions = { dataDir: string; databaseUrl?: string; workers?: number };

/**
 * Runs ingest jobs on a pool of worker threads (all cores by default). Jobs are pulled lazily from
 * the iterator, so a walk over 130,000 files never sits in memory. `stop()` lets running jobs finish
 * and dispatches no more (an interrupted ingest resumes on the next run).
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
      const workerUrl = new URL('./ingest-worker.ts', import.meta.url);
      const lanes = Array.from({ length: size }, async () => {
        // A worker thread (its own sharp, libvips and database connection: tens of MiB) starts only
        // once there is a job for it, so one large photo is ingested with one thread, not one per core.
        let next = stopped ? undefined : await jobs.next();
        if (!next || next.done) return;
        const worker = new Worker(workerUrl, {
          workerData: { dataDir: options.dataDir, databaseUrl: options.databaseUrl, vipsThreads }
        });
        // Remembered at once: a worker that dies early must not leave `finally` waiting for an
        // 'exit' event that has already fired.
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        try {
          for (;;) {
            const job = next.value;
            const result = await new Promise<IngestResult>((resolve, reject) => {
              const onError = (err: Error) => reject(err);
              worker.once('error', onError);
              worker.once('message', (m: { result: IngestResult }) => {
                worker.off('error', onError);
                resolve(m.result);
              });
              worker.postMessage({ job });
            });
            onResult(result);
            if (stopped) break;
            next = await jobs.next();
            if (next.done) break;
          }
        } finally {
          worker.postMessage({ stop: true });
          await exited;
        }
      });
      await Promise.all(lanes);
    }
  };
}
