/**
 * IIIF tile serving (issue #3), requests per second with access checks on: Athar's server
 * (`node bin/serve.js`, a child process on port 0, SQLite) answering
 * GET /iiif/<item>/<region>/<size>/0/default.jpg with `Authorization: Bearer <API token>` of a
 * reviewer who is a member of the collection — every request is authenticated and authorised
 * (through the short-lived access cache of iiif-http.ts) and read from the item's zip container.
 *
 * Anchor: nginx (Debian package nginx) serving the very same tile bytes as static files under the
 * very same paths, extracted from the container into a directory tree: one worker process per
 * core (`worker_processes` = the machine's cores), `access_log off`, no access control at all.
 * Athar runs with the same number of processes (`WORKERS` = the cores): like with like.
 *
 * Load: `wrk -t2 -c32 -d10s` (Debian package wrk; 5 s with --quick) with a Lua script that cycles
 * through every tile URL of one image, each thread from its own offset. Every URL is fetched once from
 * both servers first and compared byte for byte; any non-2xx answer during a run voids it.
 * Requirement: Athar ≥ 0.8× nginx (issue #20). wrk, nginx and Athar share the machine's cores, as they would.
 * The tiles are hot on both sides: in the page cache for nginx, in tiles.ts's memory for Athar
 * (recently served tile bytes are kept, up to TILE_BYTES) — the case of several reviewers on the
 * same images; a cold tile costs Athar one more positioned read through libuv's thread pool.
 *
 * The deployment that reaches nginx (deploy/nginx.conf, as shipped but for addresses, cache
 * directories and the secret's file) is driven twice: with the same token (nginx asks Athar for the
 * access decision, `auth_request` to /iiif/<item>/access, kept 5 s per credential and item, and
 * serves the tile bytes from its own cache), and as a browser with a session cookie and the tile
 * pass (evidence/tile-pass.ts) its item's info.json brings: nginx checks the pass itself, asks Athar
 * nothing and sends the tiles from its tile store (driveAsBrowser). That the guard holds through it
 * (no token, a wrong token: 401) is checked before the runs.
 *
 * For scale, another server is driven the same way: bare node:http answering the same bytes from
 * memory with no checks, in as many processes as Athar (node:cluster) — the ceiling of Node here;
 * Athar's share of it is the second figure (≥ 0.9×). And once more with Athar's response
 * headers (the security headers, caching, ETag: 11 against 2), the same bytes on the wire: what is
 * left between that and Athar is Athar's own work per request.
 *
 * Usage: node bench/tiles.ts [--quick]    (needs a build: `npx vite build`)
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ROOT, startInstance, type Instance } from '../tests/helpers/athar.ts';
import { keyOfEntry, parseImageRequest } from '../src/lib/server/evidence/iiif-request.ts';
import { tilesPath } from '../src/lib/server/evidence/store.ts';
import { readEntry, readZipIndex } from '../src/lib/server/evidence/zip.ts';
import {
  CORES,
  QUICK,
  inParallel,
  loadNote,
  report,
  requireBuild,
  requireTool,
  tempDir,
  writeNoiseJpeg
} from './lib/support.ts';
import { startBareNode, staticFiles } from './lib/servers.ts';
import { drive, line, luaScript, type Driven } from './lib/wrk.ts';
import { SESSION_COOKIE } from '../src/lib/server/auth/session.ts';
import { TILE_PASS_COOKIE } from '../src/lib/server/evidence/tile-pass.ts';
import { frontOfAthar, startNginx, stop } from '../tests/helpers/nginx.ts';

const BENCH = 'bench/tiles.ts';
const IMAGES = QUICK ? 2 : 3;
const WIDTH = QUICK ? 3000 : 4000;
const HEIGHT = QUICK ? 2000 : 3000;
const DURATION = QUICK ? 5 : 10;
const WARM_UP = QUICK ? 1 : 2;
const ROUNDS = QUICK ? 1 : 2;
const EMAIL = 'bench-tiles@example.org';
/** Athar's processes: one per core like nginx's workers; `WORKERS=1` measures the single process. */
const ATHAR_WORKERS = Number(process.env.WORKERS || CORES);
const PASSWORD = 'correct horse battery staple';
/** Headers Node writes itself, per connection or per answer: not copied to the bare server. */
const PER_CONNECTION = ['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding'];

const nginx = requireTool(BENCH, 'nginx', 'nginx');
const wrk = requireTool(BENCH, 'wrk', 'wrk');
requireBuild(BENCH, ROOT);

type InfoJson = {
  width: number;
  height: number;
  tiles: Array<{ width: number; height?: number; scaleFactors: number[] }>;
};

/** Every tile of a level-0 IIIF image, as a viewer (OpenSeadragon) asks for them. */
function tileUrls(itemId: string, info: InfoJson): string[] {
  const urls: string[] = [];
  const tile = info.tiles[0]!;
  const tw = tile.width;
  const th = tile.height ?? tile.width;
  for (const s of tile.scaleFactors) {
    for (let y = 0; y < info.height; y += th * s) {
      for (let x = 0; x < info.width; x += tw * s) {
        const w = Math.min(tw * s, info.width - x);
        const h = Math.min(th * s, info.height - y);
        const size = `${Math.ceil(w / s)},${Math.ceil(h / s)}`;
        const region = w === info.width && h === info.height ? 'full' : `${x},${y},${w},${h}`;
        urls.push(`/iiif/${itemId}/${region}/${size}/0/default.jpg`);
      }
    }
  }
  return urls;
}

async function cli(athar: Instance, args: string[], stdin?: string): Promise<string> {
  const result = await athar.cli(args, stdin);
  if (result.code !== 0) throw new Error(`athar ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

/** Writes each URL's tile, read from the item's container exactly as Athar finds it, under www/. */
async function extractTiles(
  athar: Instance,
  item: { sha256: string; width: number; height: number },
  urls: string[],
  www: string
): Promise<void> {
  const file = await fsp.open(tilesPath({ dataDir: athar.dataDir }, item.sha256, 0), 'r');
  try {
    const index = new Map<string, { offset: number; size: number }>();
    for (const [name, entry] of await readZipIndex(file)) {
      const key = keyOfEntry(name, item.width, item.height);
      if (key) index.set(key, entry);
    }
    for (const url of urls) {
      const [, , , region = '', size = '', rotation = '', quality = ''] = url.split('/');
      const parsed = parseImageRequest(region, size, rotation, quality, item.width, item.height);
      const entry = parsed.ok ? parsed.keys.map((k) => index.get(k)).find((e) => e !== undefined) : undefined;
      if (!entry) throw new Error(`no tile in the container for ${url}`);
      const target = path.join(www, url);
      await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
      await fsp.writeFile(target, await readEntry(file, entry), { mode: 0o644 });
    }
  } finally {
    await file.close();
  }
}

/**
 * A browser session through nginx for `seconds`, in runs of at most PASS_RUN seconds, each with the
 * tile pass that the item's info.json has just brought (as a viewer's first request does): a pass
 * lives 10 s from Athar's decision, which Athar keeps up to 5 s, so a run never outlives its pass.
 * (A browser asks Athar once when its pass runs out, and gets the next with that tile; wrk keeps
 * its headers fixed, so the bench takes the new pass between runs.)
 */
const PASS_RUN = 4;
async function driveAsBrowser(
  base: string,
  itemId: string,
  session: string,
  urls: string[],
  script: string,
  seconds: number,
  pids: number[]
): Promise<Driven> {
  let requests = 0;
  let spent = 0;
  let cpu = 0;
  for (let left = seconds; left > 0; left -= PASS_RUN) {
    const info = await fetch(`${base}/iiif/${itemId}/info.json`, {
      headers: { cookie: `${SESSION_COOKIE}=${session}` }
    });
    await info.arrayBuffer();
    const pass = new RegExp(`^${TILE_PASS_COOKIE}=[^;]+`).exec(info.headers.get('set-cookie') ?? '')?.[0];
    if (info.status !== 200 || !pass)
      throw new Error(`info.json through nginx: ${info.status}, no tile pass`);
    fs.writeFileSync(script, luaScript(urls, { cookie: `${SESSION_COOKIE}=${session}; ${pass}` }));
    const d = await drive(wrk, base, script, Math.min(PASS_RUN, left), pids);
    requests += d.requests;
    spent += d.seconds;
    cpu += d.cpuPerRequest * d.requests;
  }
  return { rate: requests / spent, cpuPerRequest: cpu / requests, requests, seconds: spent };
}

const work = tempDir('tiles');
fs.chmodSync(work, 0o755); // nginx's workers run as an unprivileged user and must read www/
const www = path.join(work, 'www');
let athar: Instance | undefined;
let server: { url: string; child: ChildProcess } | undefined;
let front: { url: string; child: ChildProcess } | undefined;
let bare: { url: string; child: ChildProcess } | undefined;
let bareAsAthar: { url: string; child: ChildProcess } | undefined;
try {
  const images = path.join(work, 'images');
  fs.mkdirSync(images);
  const files = Array.from({ length: IMAGES }, (_, i) => path.join(images, `photo-${i}.jpg`));
  await inParallel(files, CORES, async (file) => {
    await writeNoiseJpeg(file, WIDTH, HEIGHT, 2000 + files.indexOf(file));
  });

  const tilePassSecret = randomBytes(32).toString('base64url');
  athar = await startInstance('sqlite', { WORKERS: String(ATHAR_WORKERS), TILE_PASS_SECRET: tilePassSecret });
  const ingested = JSON.parse(
    await cli(athar, ['ingest', images, '--collection', 'bench', '--json'])
  ) as Array<{
    itemId: string;
    sha256: string;
  }>;
  await cli(athar, ['user', 'add', EMAIL, '--name', 'Bench', '--role', 'reviewer'], `${PASSWORD}\n`);
  await cli(athar, ['member', 'add', 'bench', EMAIL]);
  const token = (await cli(athar, ['token', 'create', EMAIL, '--label', 'bench'])).trim().split('\n').at(-1)!;
  const auth = { authorization: `Bearer ${token}` };
  const signIn = await fetch(`${athar.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: athar.url },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD })
  });
  const session = new RegExp(`${SESSION_COOKIE}=([^;]+)`).exec(signIn.headers.get('set-cookie') ?? '')?.[1];
  if (signIn.status !== 200 || !session) throw new Error(`sign-in answered ${signIn.status}`);

  const item = ingested[0]!;
  const infoResponse = await fetch(`${athar.url}/iiif/${item.itemId}/info.json`, { headers: auth });
  if (infoResponse.status !== 200) throw new Error(`info.json answered ${infoResponse.status}`);
  const info = (await infoResponse.json()) as InfoJson;
  const urls = tileUrls(item.itemId, info);
  await extractTiles(athar, { sha256: item.sha256, width: info.width, height: info.height }, urls, www);
  server = await startNginx(nginx, work, 'static', CORES, staticFiles(www));
  front = await startNginx(nginx, work, 'front', CORES, frontOfAthar(work, athar.url, tilePassSecret));
  bare = await startBareNode(www, ATHAR_WORKERS);

  // Same bytes from both, every URL; and the guard is really on: no token, no tile.
  let bytes = 0;
  let atharHeaders: Record<string, string> | undefined;
  for (const url of urls) {
    const [a, b, f] = await Promise.all([
      fetch(`${athar.url}${url}`, { headers: auth }),
      fetch(`${server.url}${url}`),
      fetch(`${front.url}${url}`, { headers: auth })
    ]);
    const body = async (r: Response) => Buffer.from(await r.arrayBuffer());
    const [ab, bb, fb] = await Promise.all([body(a), body(b), body(f)]);
    if (a.status !== 200 || b.status !== 200 || f.status !== 200 || !ab.equals(bb) || !ab.equals(fb))
      throw new Error(
        `${url}: Athar ${a.status}, nginx ${b.status}, nginx in front of Athar ${f.status}, ` +
          `same bytes: ${ab.equals(bb)} ${ab.equals(fb)}`
      );
    bytes += ab.length;
    atharHeaders ??= Object.fromEntries([...a.headers].filter(([name]) => !PER_CONNECTION.includes(name)));
  }
  // The same bytes on the wire as Athar (its security headers, the first tile's ETag for every tile):
  // what Node can do with these answers, checks and lookups aside.
  bareAsAthar = await startBareNode(www, ATHAR_WORKERS, atharHeaders);
  // The guard is on, directly and through nginx (whose caches now hold every tile): no token or a
  // wrong one, no tile.
  for (const [base, headers] of [
    [athar.url, {}],
    [front.url, {}],
    [front.url, { authorization: 'Bearer not-a-token' }]
  ] as const) {
    const refused = await fetch(`${base}${urls[0]}`, { headers });
    await refused.arrayBuffer();
    if (refused.status !== 401)
      throw new Error(`a tile without a valid token answered ${refused.status} from ${base}`);
  }

  const atharScript = path.join(work, 'athar.lua');
  const nginxScript = path.join(work, 'nginx.lua');
  const browserScript = path.join(work, 'browser.lua');
  fs.writeFileSync(atharScript, luaScript(urls, { token }));
  fs.writeFileSync(nginxScript, luaScript(urls, null));
  console.log(
    `cores used: Athar ${ATHAR_WORKERS} process(es) (WORKERS), nginx ${CORES} worker(s), ` +
      `bare node:http ${ATHAR_WORKERS} process(es); ` +
      `wrk shares the same ${CORES} core(s)`
  );
  console.log(
    `tiles: ${urls.length} tiles of one ${info.width} × ${info.height} image (${IMAGES} ingested), ` +
      `${(bytes / urls.length / 1024).toFixed(1)} KiB average; wrk -t2 -c32 -d${DURATION}s, ` +
      `${ROUNDS} round(s) after a ${WARM_UP} s warm-up each, best of each${QUICK ? ' (--quick)' : ''}`
  );
  const pids = {
    athar: [athar.process!.pid!],
    nginx: [server.child.pid!],
    // The deployment's cost is nginx's and Athar's together.
    front: [front.child.pid!, athar.process!.pid!],
    bare: [bare.child.pid!],
    bareAsAthar: [bareAsAthar.child.pid!]
  };
  await drive(wrk, athar.url, atharScript, WARM_UP, pids.athar);
  await drive(wrk, server.url, nginxScript, WARM_UP, pids.nginx);
  await drive(wrk, front.url, atharScript, WARM_UP, pids.front);
  const asBrowser = (seconds: number) =>
    driveAsBrowser(front!.url, item.itemId, session, urls, browserScript, seconds, pids.front);
  await asBrowser(WARM_UP);
  await drive(wrk, bare.url, nginxScript, WARM_UP, pids.bare);
  await drive(wrk, bareAsAthar.url, nginxScript, WARM_UP, pids.bareAsAthar);
  const none: Driven = { rate: 0, cpuPerRequest: Infinity, requests: 0, seconds: 0 };
  const better = (a: Driven, b: Driven): Driven => ({
    ...a,
    rate: Math.max(a.rate, b.rate),
    cpuPerRequest: Math.min(a.cpuPerRequest, b.cpuPerRequest)
  });
  let best = { athar: none, nginx: none, front: none, browser: none, bare: none, bareAsAthar: none };
  for (let round = 1; round <= ROUNDS; round++) {
    console.log(` round ${round} (${loadNote()})`);
    const a = await drive(wrk, athar.url, atharScript, DURATION, pids.athar);
    console.log(line('Athar (bearer token, access checked):', a));
    const n = await drive(wrk, server.url, nginxScript, DURATION, pids.nginx);
    console.log(line('nginx (static files, no checks):', n));
    const f = await drive(wrk, front.url, atharScript, DURATION, pids.front);
    console.log(line('nginx in front of Athar (token, access decided by Athar):', f));
    const p = await asBrowser(DURATION);
    console.log(line('nginx in front of Athar (session, tile pass):', p));
    const b = await drive(wrk, bare.url, nginxScript, DURATION, pids.bare);
    console.log(line('bare node:http (memory, no checks):', b));
    const h = await drive(wrk, bareAsAthar.url, nginxScript, DURATION, pids.bareAsAthar);
    console.log(line("bare node:http with Athar's headers:", h));
    best = {
      athar: better(best.athar, a),
      nginx: better(best.nginx, n),
      front: better(best.front, f),
      browser: better(best.browser, p),
      bare: better(best.bare, b),
      bareAsAthar: better(best.bareAsAthar, h)
    };
  }
  report({
    what: 'requests/s',
    unit: 'requests/s',
    athar: best.athar.rate,
    anchor: best.nginx.rate,
    anchorName: `nginx static files, worker_processes ${CORES}`,
    digits: 0,
    requirement: { min: 0.8 }
  });
  console.log(
    `  for scale: bare node:http (${ATHAR_WORKERS} process(es), bytes from memory, no checks) did ` +
      `${best.bare.rate.toFixed(0)} requests/s = ${(best.bare.rate / best.nginx.rate).toFixed(2)}× nginx; ` +
      `Athar with as many processes is ${(best.athar.rate / best.bare.rate).toFixed(2)}× of that ceiling` +
      (best.athar.rate / best.bare.rate >= 0.9 ? '  meets ≥ 0.9×' : '  BELOW 0.9×') +
      `; with Athar's response headers (${Object.keys(atharHeaders ?? {}).length + 1} of them with ` +
      `Content-Length, against its 2) ` +
      `bare node:http did ${best.bareAsAthar.rate.toFixed(0)} requests/s, and Athar is ` +
      `${(best.athar.rate / best.bareAsAthar.rate).toFixed(2)}× of that`
  );
  const share = (d: Driven) => {
    const ratio = d.rate / best.nginx.rate;
    return `${d.rate.toFixed(0)} requests/s = ${ratio.toFixed(2)}× nginx static files${ratio >= 0.8 ? '  meets ≥ 0.8×' : '  BELOW 0.8×'}`;
  };
  console.log(
    `  deployment (deploy/nginx.conf: nginx ${CORES} worker(s) in front of Athar, tile bytes from nginx's cache), ` +
      `every request access-checked:\n` +
      `    a bearer token (nginx asks Athar, the decision kept 5 s per token and item): ${share(best.front)}\n` +
      `    a browser session (nginx checks Athar's tile pass itself, a new pass every 10 s): ${share(best.browser)}`
  );
  // Rates move with whatever else the machine runs; the CPU each side spends per request much less.
  const cpu = (d: Driven) => `${d.cpuPerRequest.toFixed(0)} µs`;
  console.log(
    `  CPU per request (best round): Athar ${cpu(best.athar)}, nginx ${cpu(best.nginx)}, ` +
      `nginx in front of Athar ${cpu(best.front)} (both; token) / ${cpu(best.browser)} (both; session), ` +
      `bare node:http ${cpu(best.bare)} (${cpu(best.bareAsAthar)} with Athar's headers); ` +
      `nginx/Athar ${(best.nginx.cpuPerRequest / best.athar.cpuPerRequest).toFixed(2)}×, ` +
      `bare/Athar ${(best.bare.cpuPerRequest / best.athar.cpuPerRequest).toFixed(2)}× ` +
      `(${(best.bareAsAthar.cpuPerRequest / best.athar.cpuPerRequest).toFixed(2)}× with its headers), ` +
      `nginx/deployment ${(best.nginx.cpuPerRequest / best.front.cpuPerRequest).toFixed(2)}× (token), ` +
      `${(best.nginx.cpuPerRequest / best.browser.cpuPerRequest).toFixed(2)}× (session)`
  );
} finally {
  if (server) await stop(server.child);
  if (front) await stop(front.child);
  if (bare) await stop(bare.child);
  if (bareAsAthar) await stop(bareAsAthar.child);
  await athar?.destroy();
  fs.rmSync(work, { recursive: true, force: true });
}
