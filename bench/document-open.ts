/**
 * Time to open a 20-page document: from the navigation to the transcription view of its first page
 * until the page image is fully drawn (OpenSeadragon's fully-loaded), the editor is live and shows
 * the page's stored transcription, and the page list reads "Page 1 of 20". Measured in Debian's
 * Chromium, each opening in a fresh browser context (empty HTTP cache, signed in). Anchor, side by
 * side in one run: opening a single scanned page (an item without a document) of the same size and
 * text the same way — the ratio is what the document's length costs. Pages are generated typescript-like scans (never
 * photographs). Usage: node bench/document-open.ts [--quick]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import * as Y from 'yjs';
import { startInstance } from '../tests/helpers/athar.ts';
import { join } from '../tests/helpers/collab.ts';
import { hydrated, launchBrowser } from '../tests/e2e/browser.ts';
import { CHROMIUM } from '../tests/e2e/browser.ts';

const QUICK = process.argv.includes('--quick');
const ROUNDS = QUICK ? 3 : 7;
const WIDTH = 1700; // an A4 page scanned at 200 dpi
const HEIGHT = 2200;
const LINES = [
  'Transfer order no. 215 — to the branch, the detainees named below',
  'أمر نقل رقم ٢١٥ إلى الفرع، المعتقلون المذكورة أسماؤهم أدناه',
  'Name, father’s name, detainee number, date of arrest, remarks'
];

if (!fs.existsSync(CHROMIUM)) {
  console.error(`document-open: needs Chromium at ${CHROMIUM} (apt-get install -y chromium).`);
  process.exit(1);
}

/** A page of typed lines (rendered through SVG), numbered so that every page is distinct. */
function scannedPage(n: number): Promise<Buffer> {
  const rows = Array.from({ length: 40 }, (_, i) => {
    const text = `${String(i + 1).padStart(2, '0')}. ${LINES[i % LINES.length]} (${n}/${i})`;
    return `<text x="120" y="${200 + i * 48}" font-size="30" font-family="DejaVu Sans">${text}</text>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><rect width="100%" height="100%" fill="#f4efe4"/>${rows.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

async function tiff(pages: number, first: number): Promise<Buffer> {
  const images = await Promise.all(Array.from({ length: pages }, (_, i) => scannedPage(first + i)));
  const joined = images.length === 1 ? sharp(images[0]) : sharp(images, { join: { animated: true } });
  return joined.tiff({ compression: 'lzw' }).toBuffer();
}

const athar = await startInstance('sqlite');
const browser = await launchBrowser();
try {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-bench-documents-'));
  fs.writeFileSync(path.join(dir, 'twenty-pages.tiff'), await tiff(20, 1));
  fs.writeFileSync(path.join(dir, 'one-page.tiff'), await tiff(1, 100));
  const password = 'correct horse battery';
  await athar.cli(
    ['user', 'add', 'bench@example.org', '--name', 'Bench', '--role', 'admin'],
    `${password}\n`
  );
  const token = (await athar.cli(['token', 'create', 'bench@example.org'])).stdout.trim().split('\n').at(-1);
  const ingest = await athar.cli(['ingest', dir, '--collection', 'bench', '--json']);
  fs.rmSync(dir, { recursive: true, force: true });
  const results = JSON.parse(ingest.stdout) as Array<{ path: string; status: string; itemId: string }>;
  if (!results.every((r) => r.status === 'ingested')) throw new Error(`ingest failed: ${ingest.stdout}`);
  const firstPage = (name: string) => results.find((r) => r.path.endsWith(name))?.itemId as string;
  const documents = {
    'one-page': firstPage('one-page.tiff'),
    'twenty-pages': firstPage('twenty-pages.tiff')
  };

  // The same transcription on the first page of each: what the editor must show on opening.
  const text = Array.from({ length: 40 }, (_, i) => `${i + 1}. ${LINES[i % LINES.length]}`);
  for (const itemId of Object.values(documents)) {
    const writer = await join(athar, `item/${itemId}`, { token: token as string });
    writer.doc.transact(() => {
      for (const line of text) {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(line)]);
        writer.doc.getXmlFragment('transcription').push([paragraph]);
      }
    });
    // Stored once another client, opening afterwards, receives it.
    const reader = await join(athar, `item/${itemId}`, { token: token as string });
    writer.close();
    if (reader.doc.getXmlFragment('transcription').length !== text.length) throw new Error('seed not synced');
    reader.close();
  }

  // Signed in once; every opening gets a fresh context with that cookie and an empty cache.
  const signIn = await browser.newContext({ baseURL: athar.url, locale: 'en-US' });
  const login = await signIn.newPage();
  await login.goto('/login');
  await hydrated(login);
  await login.locator('input[name=email]').fill('bench@example.org');
  await login.locator('input[name=password]').fill(password);
  await login.locator('input[name=password]').press('Enter');
  await login.waitForURL((url) => url.pathname === '/');
  const storageState = await signIn.storageState();
  await signIn.close();

  const open = async (itemId: string, pages: number): Promise<number> => {
    const context = await browser.newContext({
      baseURL: athar.url,
      locale: 'en-US',
      viewport: { width: 1400, height: 900 },
      storageState
    });
    const page = await context.newPage();
    const t0 = performance.now();
    await page.goto(`/items/${itemId}/transcribe`, { waitUntil: 'commit' });
    await Promise.all([
      page.locator('[data-fully-loaded=true]').waitFor({ timeout: 60_000 }),
      page.locator('.editor-frame[data-ready=true]').waitFor({ timeout: 60_000 }),
      page.getByText(text.at(-1) as string, { exact: true }).waitFor({ timeout: 60_000 }),
      // A single scanned page is an item without a document: it has no page list.
      pages > 1 ? page.getByText(`Page 1 of ${pages}`).waitFor({ timeout: 60_000 }) : null
    ]);
    const ms = performance.now() - t0;
    await context.close();
    return ms;
  };

  const times: Record<keyof typeof documents, number[]> = { 'one-page': [], 'twenty-pages': [] };
  await open(documents['one-page'], 1); // the server's first rendering of the view is not counted
  for (let round = 0; round < ROUNDS; round++) {
    times['one-page'].push(await open(documents['one-page'], 1));
    times['twenty-pages'].push(await open(documents['twenty-pages'], 20));
  }
  const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
  const one = median(times['one-page']);
  const twenty = median(times['twenty-pages']);
  console.log(
    `open a document's transcription view (image drawn, editor live), median of ${ROUNDS}, fresh cache`
  );
  console.log(`  a single page (anchor):   ${one.toFixed(0)} ms`);
  console.log(`  20-page document:         ${twenty.toFixed(0)} ms`);
  console.log(`  ratio 20 pages / 1 page:  ${(twenty / one).toFixed(2)}×`);
} finally {
  await browser.close();
  await athar.destroy();
}
process.exit(0);
