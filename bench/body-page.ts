/**
 * Time to open a body's page with 20 photographs and 60 findings (3 per photo), against the anchor
 * measured in the same run: a single item's page (its photo with 3 findings). Both are the server's
 * whole answer to a signed-in browser's request — its data alone (`__data.json`, what a client-side
 * navigation fetches) and the rendered page with its data (the body page
 * reads the body, its identifiers, photos, every finding for the chart and the evaluation; the item
 * page its item, metadata and people, and records a view). Rounds alternate between the two; the
 * median of each is printed with the ratio (goal: under 1.5×). Photos are generated shapes, never
 * photographs. Usage: node bench/body-page.ts [--quick]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startInstance } from '../tests/helpers/athar.ts';
import { shapesJpeg } from '../tests/helpers/images.ts';

const QUICK = process.argv.includes('--quick');
const ROUNDS = QUICK ? 15 : 60;
const PHOTOS = 20;
const REGIONS = ['wrist', 'chest', 'back'];

const athar = await startInstance('sqlite');
try {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-bench-body-'));
  for (let i = 0; i <= PHOTOS; i++)
    fs.writeFileSync(path.join(dir, `photo-${i}.jpg`), await shapesJpeg(800 + i, 600, i));
  const password = 'correct horse battery';
  await athar.cli(
    ['user', 'add', 'bench@example.org', '--name', 'Bench', '--role', 'reviewer', '--expert'],
    `${password}\n`
  );
  const token = (await athar.cli(['token', 'create', 'bench@example.org'])).stdout.trim().split('\n').at(-1);
  const ingest = await athar.cli(['ingest', dir, '--collection', 'bench', '--json']);
  fs.rmSync(dir, { recursive: true, force: true });
  const results = JSON.parse(ingest.stdout) as Array<{ path: string; status: string; itemId: string }>;
  if (!results.every((r) => r.status === 'ingested')) throw new Error(`ingest failed: ${ingest.stdout}`);
  await athar.cli(['member', 'add', 'bench', 'bench@example.org']);

  const call = async (method: string, pathname: string, json: unknown) => {
    const response = await fetch(athar.url + pathname, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(json)
    });
    if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };
  const findings = REGIONS.map((bodyRegion, i) => ({
    type: 'Annotation',
    body: [
      { 'athar:field': 'lesionType', value: i === 0 ? 'ligature_mark' : 'contusion' },
      { 'athar:field': 'bodyRegion', value: bodyRegion },
      { 'athar:field': 'side', value: 'left' }
    ],
    target: {
      selector: {
        type: 'FragmentSelector',
        conformsTo: 'http://www.w3.org/TR/media-frags/',
        value: `xywh=pixel:${40 + i * 100},60,80,80`
      }
    }
  }));
  const ids = results.map((r) => r.itemId);
  for (const id of ids) await call('POST', `/api/items/${id}/annotations`, findings);
  const [single, ...photos] = ids as [string, ...string[]];
  const collections = (await (
    await fetch(`${athar.url}/api/collections`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as Array<{ id: string }>;
  const body = await call('POST', '/api/bodies', {
    collectionId: collections[0]!.id,
    itemIds: photos,
    identifiers: [
      { kind: 'detainee', value: '٢١٥' },
      { kind: 'branch', value: '227' },
      { kind: 'hospital', value: '601/4432' }
    ]
  });

  // A browser's session: the page routes take the cookie, not the token.
  const session = await fetch(`${athar.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: athar.url },
    body: JSON.stringify({ email: 'bench@example.org', password })
  });
  const cookie = session.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  const open = async (pathname: string): Promise<number> => {
    const t0 = performance.now();
    const response = await fetch(athar.url + pathname, { headers: { cookie, accept: 'text/html' } });
    const text = await response.text();
    const ms = performance.now() - t0;
    if (response.status !== 200 || text.length < 500) throw new Error(`${pathname}: ${response.status}`);
    return ms;
  };
  const pages = { item: `/items/${single}`, body: `/bodies/${body.id as string}` };
  const bodyHtml = await (await fetch(athar.url + pages.body, { headers: { cookie } })).text();
  if (!bodyHtml.includes(`data-count="${PHOTOS}"`))
    throw new Error('the body chart does not show every finding');
  for (let i = 0; i < 5; i++) await Promise.all([open(pages.item), open(pages.body)]); // warm-up

  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
  /** Median times of the item and the body page at `suffix` ('' the page, '/__data.json' its data). */
  async function measure(suffix: string) {
    const times = { item: [] as number[], body: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      times.item.push(await open(pages.item + suffix));
      times.body.push(await open(pages.body + suffix));
    }
    return { item: median(times.item), body: median(times.body) };
  }
  const data = await measure('/__data.json');
  const page = await measure('');
  console.log(`open a page as a signed-in browser, median of ${ROUNDS} (rounds alternate)`);
  console.log('                                          data only   rendered page');
  const row = (label: string, a: number, b: number) =>
    console.log(`  ${label.padEnd(40)}${a.toFixed(1).padStart(7)} ms${b.toFixed(1).padStart(12)} ms`);
  row('a single item, 3 findings (anchor)', data.item, page.item);
  row(`a body, ${PHOTOS} photos, ${PHOTOS * 3} findings`, data.body, page.body);
  console.log(
    `  ratio body / item:${(data.body / data.item).toFixed(2).padStart(28)}×${(page.body / page.item).toFixed(2).padStart(14)}×   (goal < 1.5×)`
  );
} finally {
  await athar.destroy();
}
process.exit(0);
