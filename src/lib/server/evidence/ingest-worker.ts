/** A worker thread of the ingest pool: its own database handle, one file at a time. */
import { parentPort, workerData } from 'node:worker_threads';
import sharp from 'sharp';
import { connect } from '../db/connect.ts';
import { ingestFile, type IngestJob } from './ingest.ts';
import { because } from './reasons.ts';

const { dataDir, databaseUrl, vipsThreads } = workerData as {
  dataDir: string;
  databaseUrl?: string;
  vipsThreads: number;
};
// N workers × vipsThreads libvips threads ≈ the cores: no oversubscription.
sharp.concurrency(vipsThreads);
sharp.cache(false);
const { db } = connect({ dataDir, databaseUrl });

parentPort?.on('message', async (message: { job: IngestJob } | { stop: true }) => {
  if ('stop' in message) {
    await db.destroy();
    parentPort?.close();
    return;
  }
  try {
    parentPort?.postMessage({ result: await ingestFile(db, { dataDir }, message.job) });
  } catch (err) {
    parentPort?.postMessage({
      result: {
        path: message.job.path,
        status: 'rejected',
        itemId: null,
        sha256: null,
        ...because({ code: 'internal', params: { detail: (err as Error).message } })
      }
    });
  }
});
