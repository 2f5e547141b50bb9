/**
 * Cross-instance propagation: the same load as bench/collab-latency.ts (100 clients, 5 per room,
 * each editing at 5 Hz) on PostgreSQL, once against a single instance and once spread over two
 * instances relaying through Redis (clients of every room alternate between the instances, so
 * most updates cross over), and the stock y-websocket v2 server under the same load, side by side.
 * Prints p50/p99 of each and the ratios. Needs PostgreSQL and Redis.
 * Usage: node bench/collab-scale-out.ts [--quick]
 */
import { createInstance } from '../tests/helpers/athar.ts';
import { DIALECTS } from '../tests/helpers/dialects.ts';
import { collabUrl, prepareRooms, runLoad, startStockServer } from './lib/collab-world.ts';

const QUICK = process.argv.includes('--quick');
const CLIENTS = 100;
const SECONDS = QUICK ? 5 : 10;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
process.setMaxListeners(0);

if (!DIALECTS.includes('postgres')) {
  console.error(
    'collab-scale-out: needs PostgreSQL at 127.0.0.1:5432 (several instances share one database).'
  );
  process.exit(1);
}

const load = (urls: string[], rooms: string[], tokens?: string[]) =>
  runLoad({ urls, rooms, clients: CLIENTS, perRoom: 5, hz: 5, seconds: SECONDS, tokens });

const a = await createInstance('postgres', { REDIS_URL });
await a.start();
const b = await createInstance('postgres', {
  REDIS_URL,
  DATABASE_URL: a.env.DATABASE_URL,
  DATA_DIR: a.dataDir
});
await b.start();
const stock = await startStockServer();
try {
  const { rooms, tokens } = await prepareRooms(a, CLIENTS / 5, CLIENTS);
  const single = await load([collabUrl(a.url)], rooms, tokens);
  const spread = await load([collabUrl(a.url), collabUrl(b.url)], rooms, tokens);
  const anchor = await load([stock.url], rooms);
  const f = (n: number) => n.toFixed(1).padStart(6);
  console.log(`propagation on PostgreSQL, ${CLIENTS} clients, 5 per room at 5 Hz, ${SECONDS} s measured`);
  console.log(
    `  one instance:              p50 ${f(single.p50)} ms  p99 ${f(single.p99)} ms  (delivered ${single.received}/${single.expected})`
  );
  console.log(
    `  two instances over Redis:  p50 ${f(spread.p50)} ms  p99 ${f(spread.p99)} ms  (delivered ${spread.received}/${spread.expected})`
  );
  console.log(
    `  stock y-websocket (anchor): p50 ${f(anchor.p50)} ms  p99 ${f(anchor.p99)} ms  (delivered ${anchor.received}/${anchor.expected})`
  );
  console.log(
    `  ratio two/one: p50 ${(spread.p50 / single.p50).toFixed(2)}×, p99 ${(spread.p99 / single.p99).toFixed(2)}×`
  );
  console.log(
    `  ratio to stock: one instance p99 ${(single.p99 / anchor.p99).toFixed(2)}×, two instances p99 ${(spread.p99 / anchor.p99).toFixed(2)}×`
  );
} finally {
  stock.stop();
  await b.destroy();
  await a.destroy();
}
process.exit(0);
