/**
 * A worker thread that moves the SQLite write-ahead log into the database file (a checkpoint) every
 * CHECKPOINT_MS, on its own connection. PASSIVE: it never waits for, or blocks, the application's
 * readers and writers.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

const CHECKPOINT_MS = 1000;

const database = new SQLite((workerData as { file: string }).file);
database.pragma('busy_timeout = 5000');
const timer = setInterval(() => {
  try {
    database.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    console.error('[db] checkpoint failed:', (err as Error).message);
  }
}, CHECKPOINT_MS);

parentPort?.once('message', () => {
  clearInterval(timer);
  database.close();
  parentPort?.close();
});
