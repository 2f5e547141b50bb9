/**
 * What the sync benches share: rooms to edit (one generated image ingested per room), a member with
 * one API token per simulated client (every socket brings its own credentials, so the server's access
 * checks cost what they would for distinct people), and the load generator run in its own process.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ROOT, type Instance } from '../../tests/helpers/athar.ts';

export type LoadOptions = {
  /** Client i connects to urls[i % urls.length]. */
  urls: string[];
  rooms: string[];
  clients: number;
  perRoom: number;
  hz: number;
  seconds: number;
  /** Client i authenticates with tokens[i % tokens.length]; none for the stock server. */
  tokens?: string[];
};

export type LoadResult = {
  samples: number;
  p50: number;
  p99: number;
  sent: number;
  received: number;
  expected: number;
};

/** `count` items (rooms `item/<id>`) in a collection "bench", and an admin with `tokens` API tokens. */
export async function prepareRooms(
  athar: Instance,
  count: number,
  tokens: number
): Promise<{ rooms: string[]; tokens: string[] }> {
  const images = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-bench-images-'));
  for (let i = 0; i < count; i++) {
    await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: i % 256, g: (i * 7) % 256, b: 90 } }
    })
      .jpeg()
      .toFile(path.join(images, `room-${String(i).padStart(4, '0')}.jpg`));
  }
  const password = 'correct horse battery';
  await athar.cli(
    ['user', 'add', 'bench@example.org', '--name', 'Bench', '--role', 'admin'],
    `${password}\n`
  );
  const first = (await athar.cli(['token', 'create', 'bench@example.org'])).stdout
    .trim()
    .split('\n')
    .at(-1) as string;
  const ingest = await athar.cli(['ingest', images, '--collection', 'bench', '--json']);
  fs.rmSync(images, { recursive: true, force: true });
  const results = JSON.parse(ingest.stdout) as Array<{ status: string; itemId: string }>;
  if (!results.every((r) => r.status === 'ingested')) throw new Error(`ingest failed: ${ingest.stdout}`);
  const all = [first];
  while (all.length < tokens) {
    const response = await fetch(`${athar.url}/api/tokens`, {
      method: 'POST',
      // A connection per request, closed after it: kept alive, the server's ends of these sockets
      // would close on its keep-alive timeout in the middle of a memory reading (collab-latency.ts).
      headers: { authorization: `Bearer ${first}`, 'content-type': 'application/json', connection: 'close' },
      // Creating a token asks for the password again (re-authentication).
      body: JSON.stringify({ label: `bench client ${all.length}`, password })
    });
    if (response.status !== 201) throw new Error(`token: ${response.status} ${await response.text()}`);
    all.push(((await response.json()) as { token: string }).token);
  }
  return { rooms: results.map((r) => `item/${r.itemId}`), tokens: all };
}

export const collabUrl = (httpUrl: string) => `${httpUrl.replace('http', 'ws')}/collab`;

/** Runs bench/lib/collab-load.ts with these options (2 s of warm-up) and returns its figures. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['bench/lib/collab-load.ts', JSON.stringify({ ...options, warmup: 2 })],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] }
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as LoadResult)
        : reject(new Error(`collab-load exited ${code}`))
    );
  });
}

/** The anchor: the stock y-websocket v2 server (bench/lib/stock-y-websocket.cjs) on a free port. */
export async function startStockServer(
  env: NodeJS.ProcessEnv = {}
): Promise<{ url: string; pid: number; stop(): void }> {
  const child = spawn(process.execPath, ['bench/lib/stock-y-websocket.cjs', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit']
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the stock server exited (${code})`)));
    child.stdout.on('data', (c: Buffer) => {
      const m = /listening (\d+)/.exec(c.toString());
      if (m) resolve(Number(m[1]));
    });
  });
  return { url: `ws://127.0.0.1:${port}`, pid: child.pid as number, stop: () => child.kill('SIGTERM') };
}

export type HeapFigures = { heapUsed: number; code: number; rss: number };

/**
 * The heap a server keeps, measured by bench/lib/heap-probe.cjs: start the server with `env` (the
 * stock server and Athar alike), then `measure(pid)` collects its garbage and reads what is left.
 */
export function heapProbe() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-heap-probe-'));
  const preload = path.join(ROOT, 'bench', 'lib', 'heap-probe.cjs');
  return {
    env: { HEAP_PROBE_DIR: dir, NODE_OPTIONS: `--expose-gc --require=${preload}` },
    async measure(pid: number): Promise<HeapFigures> {
      const file = path.join(dir, `${pid}.json`);
      fs.rmSync(file, { force: true });
      process.kill(pid, 'SIGUSR2');
      const deadline = Date.now() + 30_000;
      while (!fs.existsSync(file)) {
        if (Date.now() > deadline) throw new Error(`no heap figures from process ${pid}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return JSON.parse(fs.readFileSync(file, 'utf8')) as HeapFigures;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true })
  };
}
