/**
 * `WORKERS` > 1: a primary process and one server process per worker (node:cluster), sharing the
 * port; the primary hands out connections in turn.
 *
 * What must stay single, or shared, across the processes (see README "Performance"):
 * - Migrations run once, here, before any worker starts (each worker's own run then finds nothing).
 * - The audit head is signed on a timer by the primary alone; appends are serialised by the
 *   database's write lock on `audit_head` (audit/log.ts), whichever process appends.
 * - Rooms: a room may be open in several workers at once; they relay every update and presence
 *   change to each other through this process (collab/ipc-fanout.ts), exactly as instances do
 *   through Redis. With REDIS_URL set, Redis carries it instead.
 * - Sign-in throttling and the access epoch live in the database: every worker sees the same.
 */
import cluster, { type Worker } from 'node:cluster';
import { startCheckpoints } from '../src/lib/server/audit/checkpoints.ts';
import { isRoomEnvelope } from '../src/lib/server/collab/ipc-fanout.ts';
import type { Config } from '../src/lib/server/config.ts';
import { loadInstanceKey } from '../src/lib/server/keys/instance-key.ts';
import { createRuntime } from '../src/lib/server/runtime.ts';

type Listening = { athar: 'listening'; url: string };
const isListening = (value: unknown): value is Listening =>
  (value as { athar?: unknown } | null)?.athar === 'listening';

export async function runPrimary(config: Config): Promise<void> {
  const runtime = await createRuntime(config); // migrates, once
  const stopCheckpoints = startCheckpoints(
    runtime.db,
    loadInstanceKey(config.dataDir),
    config.dataDir,
    config.auditCheckpointMs
  );
  // Structured clone, so an update's bytes cross as a Uint8Array, not as JSON.
  cluster.setupPrimary({ serialization: 'advanced' });
  let stopping = false;
  const relay = (from: Worker, value: unknown) => {
    if (!isRoomEnvelope(value)) return;
    for (const worker of Object.values(cluster.workers ?? {}))
      if (worker && worker !== from && worker.isConnected()) worker.send(value);
  };
  const fork = () => {
    const worker = cluster.fork();
    worker.on('message', (value: unknown) => relay(worker, value));
    return worker;
  };
  const first = Array.from({ length: config.workers }, fork);
  const urls = await Promise.all(
    first.map(
      (worker) =>
        new Promise<string>((resolve, reject) => {
          worker.on('message', (value: unknown) => isListening(value) && resolve(value.url));
          worker.once('exit', (code) => reject(new Error(`worker ${worker.id} exited (${code}) at start`)));
        })
    )
  ).catch(async (err: unknown) => {
    stopping = true;
    for (const worker of first) worker.kill();
    await runtime.close();
    throw err;
  });
  console.log(`[athar] listening on ${urls[0]} (${config.workers} workers)`);
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    // A worker that dies takes its connections with it; its clients reconnect to another worker.
    console.error(`[athar] worker ${worker.id} exited (${signal ?? code}): starting another`);
    fork();
  });

  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[athar] ${reason}: stopping ${config.workers} workers`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.send({ athar: 'stop' });
          })
      )
    );
    await stopCheckpoints(); // signs the head once more: what this run audited is anchored
    await runtime.close();
    console.log('[athar] stopped');
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      shutdown(signal).then(
        () => process.exit(0),
        (err) => {
          console.error('[athar] shutdown failed:', err);
          process.exit(1);
        }
      );
    });
  }
}
