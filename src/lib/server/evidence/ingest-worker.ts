/**
 * A worker thread of the ingest pool: its own database handle, one file at a time. (libvips's
 * thread count and cache are process-wide: the pool sets them.)
 */
import { parentPort, workerData } from 'node:worker_threads';
import { connect } from '../db/connect.ts';
import { ingestFile, type IngestJob } from './ingest.ts';
import { because } from './reasons.ts';

const { dataDir, databaseUrl } = workerData as { dataDir: string; databaseUrl?: string };
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
