/**
 * The HTTP server: SvelteKit's handler, the upgrade hook, graceful shutdown.
 *
 * Shutdown (SIGTERM, SIGINT): stop accepting, let in-flight requests finish (up to 10 s), close
 * websockets through their capabilities (which flush what they hold), close the database, exit 0.
 */
import cluster from 'node:cluster';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startCheckpoints } from '../src/lib/server/audit/checkpoints.ts';
import { readConfig, type Config } from '../src/lib/server/config.ts';
import { BODY_SIZE_LIMIT } from '../src/lib/server/http/body-limits.ts';
import { CLIENT_ADDRESS_HEADER, clientAddress } from '../src/lib/server/http/client-address.ts';
import { createUpgradeRouter } from '../src/lib/server/http/upgrade.ts';
import { loadInstanceKey } from '../src/lib/server/keys/instance-key.ts';
import { createRuntime, setRuntime } from '../src/lib/server/runtime.ts';
import { runPrimary } from './cluster.ts';
import { createDirectRoutes } from './direct-routes.ts';
import { mountWebsockets } from './websockets.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const HANDLER = path.join(ROOT, 'build', 'handler.js');
const DRAIN_MS = 10_000;
const PROTOCOL_HEADER = 'x-athar-protocol';

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, next?: () => void) => void;

export type RunningServer = { server: http.Server; url: string; shutdown(reason: string): Promise<void> };

/** Which worker answered (WORKERS > 1): lets an operator or a test see requests spread. */
const WORKER_HEADER = 'x-athar-worker';

export async function startServer(config: Config = readConfig()): Promise<RunningServer> {
  // The runtime must exist before the SvelteKit handler is imported: its hooks pick it up from globalThis.
  const runtime = await createRuntime(config);
  setRuntime(runtime);
  // Without ORIGIN, adapter-node would assume https and every same-origin form post would fail its
  // CSRF check. We serve plain http, so we tell it so through a header we set ourselves (overwriting
  // whatever a client sent). Behind a TLS proxy, set ORIGIN.
  if (config.origin) process.env.ORIGIN = config.origin;
  else process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
  // adapter-node reads its body limit when the handler is imported; its default (512 KiB) would
  // undercut the documented per-route limits, which the routes enforce themselves.
  process.env.BODY_SIZE_LIMIT = String(BODY_SIZE_LIMIT);
  // getClientAddress() reads the address we put in our own header on every request (clientAddress
  // decides, believing X-Forwarded-For only from TRUST_PROXY), never one a client sent.
  process.env.ADDRESS_HEADER = CLIENT_ADDRESS_HEADER;
  if (!fs.existsSync(HANDLER)) throw new Error(`No build at ${HANDLER}: run \`npm run build\` first.`);
  const { handler } = (await import(pathToFileURL(HANDLER).href)) as { handler: NodeHandler };

  const direct = createDirectRoutes(runtime);
  // Only one process signs the audit head on a timer: the primary when there are workers.
  const stopCheckpoints = cluster.isWorker
    ? async () => {}
    : startCheckpoints(runtime.db, loadInstanceKey(config.dataDir), config.dataDir, config.auditCheckpointMs);
  const worker = cluster.worker ? String(cluster.worker.id) : undefined;
  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = http.createServer((req, res) => {
    inFlight++;
    res.on('close', () => {
      if (--inFlight === 0) drained?.();
    });
    // The direct routes (tiles, uploads) read neither header below and write their answers whole:
    // a header set here would send each of their answers down Node's slower merging path.
    if (direct.handle(req, res)) return;
    req.headers[PROTOCOL_HEADER] = 'http';
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req, config.trustProxy);
    if (worker) res.setHeader(WORKER_HEADER, worker);
    handler(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    });
  });
  const router = createUpgradeRouter();
  const websockets = mountWebsockets(router, runtime);
  server.on('upgrade', router.handle);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) =>
    (stopping ??= (async () => {
      console.log(`[athar] ${reason}: shutting down`);
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise((resolve) => setTimeout(resolve, DRAIN_MS).unref())
        ]);
      }
      server.closeAllConnections();
      await websockets.close();
      await direct.close();
      await closed;
      await stopCheckpoints(); // signs the head once more: what this run audited is anchored
      await runtime.close();
      console.log('[athar] stopped');
    })());

  return { server, url, shutdown };
}

export async function main(): Promise<void> {
  const config = readConfig();
  if (cluster.isPrimary && config.workers > 1) return runPrimary(config);
  const running = await startServer(config);
  if (cluster.isWorker) {
    // The primary says when to stop (it logs for all); a worker only tells it it is serving.
    process.send?.({ athar: 'listening', url: running.url });
    process.on('message', (value: { athar?: string }) => {
      if (value?.athar === 'stop') void running.shutdown('stop').then(() => process.exit(0));
    });
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => {});
    return;
  }
  console.log(`[athar] listening on ${running.url}`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      running.shutdown(signal).then(
        () => process.exit(0),
        (err) => {
          console.error('[athar] shutdown failed:', err);
          process.exit(1);
        }
      );
    });
  }
}
