/**
 * What the sync benches share: rooms to edit (one generated image ingested per room), a reviewer
 * (a member, with an API token) per simulated client, so that the server's access checks and per-user
 * budgets see distinct people, and the load generator run in its own process; every step bounded in
 * time (a bench that waits for ever reports nothing).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ROOT, type Instance } from '../../tests/helpers/athar.ts';
import { SYNC_BOUND_S, within } from './bounds.ts';

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
  /** The cores the load generator may run on (`taskset -c` with this list); else any. */
  cores?: { taskset: string; list: string };
};

export type LoadResult = {
  samples: number;
  p50: number;
  p99: number;
  sent: number;
  received: number;
  expected: number;
  /** Sockets the server closed during the run, by close code ("1008": 3). */
  closed: Record<string, number>;
};

/** Runs a command in the instance's command host; throws unless it exits 0. */
async function athar(instance: Instance, args: string[], stdin?: string): Promise<string> {
  const result = await instance.run(args, stdin);
  if (result.code !== 0) throw new Error(`athar ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

/**
 * `count` items (rooms `item/<id>`) in a collection "bench", and `people` reviewers, members of it,
 * with an API token each: 500 clients are 500 people, so no user passes the per-user budgets (bytes,
 * presence) that a real reviewer stays far below. Made through the instance's command host (the
 * CLI's own code, about 20 ms a person, one command at a time).
 */
export async function prepareRooms(
  instance: Instance,
  count: number,
  people: number
): Promise<{ rooms: string[]; tokens: string[] }> {
  const images = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-bench-images-'));
  for (let i = 0; i < count; i++) {
    await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: i % 256, g: (i * 7) % 256, b: 90 } }
    })
      .jpeg()
      .toFile(path.join(images, `room-${String(i).padStart(4, '0')}.jpg`));
  }
  const ingested = await athar(instance, ['ingest', images, '--collection', 'bench', '--json']);
  fs.rmSync(images, { recursive: true, force: true });
  const results = JSON.parse(ingested) as Array<{ status: string; itemId: string }>;
  if (!results.every((r) => r.status === 'ingested')) throw new Error(`ingest failed: ${ingested}`);
  const tokens: string[] = [];
  for (let i = 0; i < people; i++) {
    const email = `reviewer${i}@example.org`;
    await athar(
      instance,
      ['user', 'add', email, '--name', `Reviewer ${i}`, '--role', 'reviewer'],
      'correct horse battery\n'
    );
    await athar(instance, ['member', 'add', 'bench', email]);
    tokens.push((await athar(instance, ['token', 'create', email])).trim().split('\n').at(-1) as string);
  }
  return { rooms: results.map((r) => `item/${r.itemId}`), tokens };
}

export const collabUrl = (httpUrl: string) => `${httpUrl.replace('http', 'ws')}/collab`;

/** Runs bench/lib/collab-load.ts with these options (2 s of warm-up) and returns its figures. */
export function runLoad(options: LoadOptions): Promise<LoadResult> {
  const warmup = 2;
  const { cores, ...load } = options;
  const command = [process.execPath, 'bench/lib/collab-load.ts', JSON.stringify({ ...load, warmup })];
  if (cores) command.unshift(cores.taskset, '-c', cores.list);
  const child = spawn(command[0] as string, command.slice(1), {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit']
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const done = new Promise<LoadResult>((resolve, reject) => {
    child.once('exit', (code, signal) =>
      code === 0
        ? resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as LoadResult)
        : reject(new Error(`collab-load exited ${code ?? signal}`))
    );
  });
  // Its own bounds (syncing, the window, the grace period) and a margin for starting hundreds of clients.
  const bound = SYNC_BOUND_S + warmup + options.seconds + 30;
  return within(bound, `the load of ${options.clients} clients`, done).catch((err: Error) => {
    child.kill('SIGKILL');
    throw err;
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
