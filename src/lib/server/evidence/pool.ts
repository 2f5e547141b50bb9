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
        const worker = new Worker(workerUrl, {
          workerData: { dataDir: options.dataDir, databaseUrl: options.databaseUrl, vipsThreads }
        });
        // Remembered at once: a worker that dies early must not leave `finally` waiting for an
        // 'exit' event that has already fired.
        const exited = new Promise((resolve) => worker.once('exit', resolve));
        try {
          for (;;) {
            if (stopped) break;
            const next = await jobs.next();
            if (next.done) break;
            const result = await new Promise<IngestResult>((resolve, reject) => {
              const onError = (err: Error) => reject(err);
              worker.once('error', onError);
              worker.once('message', (m: { result: IngestResult }) => {
                worker.off('error', onError);
                resolve(m.result);
              });
              worker.postMessage({ job: next.value });
            });
            onResult(result);
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
