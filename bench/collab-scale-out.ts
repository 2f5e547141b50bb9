/**
 * Cross-instance propagation: the same load as bench/collab-latency.ts (100 clients, 5 per room,
 * each editing at 5 Hz) on PostgreSQL, once against a single instance and once spread over two
 * instances relaying through Redis (clients of every room alternate between the instances, so
 * most updates cross over). Prints p50/p99 of both and the ratio. Needs PostgreSQL and Redis.
 * Usage: node bench/collab-scale-out.ts [--quick]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ROOT, createInstance } from '../tests/helpers/athar.ts';
import { DIALECTS } from '../tests/helpers/dialects.ts';

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

type LoadResult = { samples: number; p50: number; p99: number; received: number; expected: number };

function load(urls: string[], rooms: string[], token: string): Promise<LoadResult> {
  const options = {
    url: urls[0],
    urls,
    rooms,
    clients: CLIENTS,
    perRoom: 5,
    hz: 5,
    seconds: SECONDS,
    warmup: 2,
    token
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/lib/collab-load.ts', JSON.stringify(options)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit']
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as LoadResult)
        : reject(new Error(`load exited ${code}`))
    );
  });
}

const a = await createInstance('postgres', { REDIS_URL });
await a.start();
const b = await createInstance('postgres', {
  REDIS_URL,
  DATABASE_URL: a.env.DATABASE_URL,
  DATA_DIR: a.dataDir
});
await b.start();
try {
  const images = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-bench-images-'));
  for (let i = 0; i < CLIENTS / 5; i++) {
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: i * 9, g: 80, b: 160 } } })
      .jpeg()
      .toFile(path.join(images, `room-${String(i).padStart(3, '0')}.jpg`));
  }
  await a.cli(
    ['user', 'add', 'bench@example.org', '--name', 'Bench', '--role', 'admin'],
    'correct horse battery\n'
  );
  const token = (await a.cli(['token', 'create', 'bench@example.org'])).stdout
    .trim()
    .split('\n')
    .at(-1) as string;
  const ingest = await a.cli(['ingest', images, '--collection', 'bench', '--json']);
  fs.rmSync(images, { recursive: true, force: true });
  if (!JSON.parse(ingest.stdout).every((r: { status: string }) => r.status === 'ingested'))
    throw new Error(`ingest failed: ${ingest.stdout}`);
  const rooms = (JSON.parse(ingest.stdout) as Array<{ itemId: string }>).map((r) => `item/${r.itemId}`);
  const ws = (url: string) => `${url.replace('http', 'ws')}/collab`;

  const single = await load([ws(a.url)], rooms, token);
  const spread = await load([ws(a.url), ws(b.url)], rooms, token);
  const f = (n: number) => n.toFixed(1).padStart(6);
  console.log(`propagation on PostgreSQL, ${CLIENTS} clients, 5 per room at 5 Hz, ${SECONDS} s measured`);
  console.log(
    `  one instance:              p50 ${f(single.p50)} ms  p99 ${f(single.p99)} ms  (delivered ${single.received}/${single.expected})`
  );
  console.log(
    `  two instances over Redis:  p50 ${f(spread.p50)} ms  p99 ${f(spread.p99)} ms  (delivered ${spread.received}/${spread.expected})`
  );
  console.log(
    `  ratio two/one: p50 ${(spread.p50 / single.p50).toFixed(2)}×, p99 ${(spread.p99 / single.p99).toFixed(2)}×`
  );
} finally {
  await b.destroy();
  await a.destroy();
}
process.exit(0);
