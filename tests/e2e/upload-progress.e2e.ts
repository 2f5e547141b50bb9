/**
 * What an upload row says while the server works: a large generated image goes up, then shows
 * "Preparing tiles" with a percentage that rises until it is ingested; two sent at once are cut one
 * after the other, the second "Waiting to prepare tiles" meanwhile; a hostile file is refused with
 * its reason in the reader's language (German, Arabic), not the server's English. One server
 * process even under TEST_WORKERS=2: the turns to cut are a process's own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolate } from '../../src/lib/i18n/bidi.ts';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { collectionIdOf } from '../helpers/db.ts';
import { colourOf, decompressionBomb, flatJpeg } from '../helpers/images.ts';
import { addMember, addUser } from '../helpers/world.ts';
import { hydrated, launchBrowser, newContext, screenshot, submit } from './browser.ts';

const COORDINATOR = {
  name: 'Karim Coordinator',
  email: 'karim@example.org',
  password: 'staple battery horse'
};
const COLLECTION = 'Intake';

describe('upload progress and reasons in the browser', () => {
  let athar: Instance;
  let browser: Browser;
  let files: string;
  let uploadPath: string;

  /** Signs in by the fields' names (the labels are in the page's language) and opens the upload page. */
  async function uploadPage(locale: string): Promise<Page> {
    const { page } = await newContext(browser, athar.url, locale);
    await page.goto('/login');
    await hydrated(page);
    await page.locator('input[name=email]').fill(COORDINATOR.email);
    await page.locator('input[name=password]').fill(COORDINATOR.password);
    await submit(page, 303, () => page.locator('input[name=password]').press('Enter'));
    await page.waitForURL((url) => url.pathname === '/');
    await page.goto(uploadPath);
    await hydrated(page);
    return page;
  }

  const finished = (page: Page, name: string) =>
    page.waitForFunction(
      (file) =>
        [...document.querySelectorAll('[data-testid=upload]')].some(
          (row) =>
            row.textContent?.includes(file) &&
            ['ingested', 'duplicate', 'rejected', 'failed'].includes(row.getAttribute('data-status') ?? '')
        ),
      name,
      { timeout: 120_000 }
    );

  beforeAll(async () => {
    files = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-upload-progress-'));
    [athar, browser] = await Promise.all([startInstance('sqlite', { WORKERS: '1' }), launchBrowser()]);
    // Generated only: a flat 10,000 × 8,000 image (small to send, ~1,300 tiles to cut) and a bomb.
    fs.writeFileSync(path.join(files, 'large.jpg'), await flatJpeg(10_000, 8_000, colourOf(3)));
    fs.writeFileSync(path.join(files, 'second.jpg'), await flatJpeg(10_000, 8_000, colourOf(4)));
    fs.writeFileSync(path.join(files, 'third.jpg'), await flatJpeg(10_000, 8_000, colourOf(5)));
    fs.writeFileSync(path.join(files, 'bomb.png'), await decompressionBomb());
    await addUser(athar, COORDINATOR.email, { ...COORDINATOR, role: 'coordinator' });
    expect((await athar.cli(['collection', 'create', COLLECTION])).code).toBe(0);
    await addMember(athar, COLLECTION, COORDINATOR.email);
    uploadPath = `/collections/${await collectionIdOf(athar, COLLECTION)}/upload`;
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
    if (files) fs.rmSync(files, { recursive: true, force: true });
  });

  it('shows the tiling of a large image with a rising percentage, then ingested', async () => {
    const page = await uploadPage('en-US');
    // Every text the row's label takes, in order, recorded in the page as it changes.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { labels: string[] }).labels = seen;
      new MutationObserver(() => {
        const label = document.querySelector('[data-testid=upload-label]')?.textContent ?? '';
        if (label && seen.at(-1) !== label) seen.push(label);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page.getByLabel('Choose files').setInputFiles(path.join(files, 'large.jpg'));
    await page.locator('[data-testid=upload][data-phase=tiling]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'upload-tiling');
    await finished(page, 'large.jpg');

    expect(await page.getByTestId('upload').getAttribute('data-status')).toBe('ingested');
    const labels = await page.evaluate(() => (window as unknown as { labels: string[] }).labels);
    const tiling = labels
      .map((label) => /^Preparing tiles (\d+)%$/.exec(label)?.[1])
      .filter((percent) => percent !== undefined)
      .map(Number);
    expect(tiling.length, labels.join(' | ')).toBeGreaterThanOrEqual(2);
    expect(tiling).toEqual([...tiling].sort((a, b) => a - b));
    expect(tiling.at(-1)).toBeGreaterThan(tiling[0]!);
    // Sending came first, the tiling after it, and the row ends as ingested.
    const firstTiling = labels.findIndex((label) => label.startsWith('Preparing tiles'));
    expect(labels.slice(0, firstTiling).every((l) => !l.startsWith('Preparing tiles'))).toBe(true);
    expect(labels.at(-1)).toBe('Ingested');
  });

  it('cuts two uploads sent at once one after the other, the second waiting its turn', async () => {
    const page = await uploadPage('en-US');
    // What both rows show, each time either changes: the pairs are checked once both are done.
    await page.evaluate(() => {
      const seen: string[][] = [];
      (window as unknown as { pairs: string[][] }).pairs = seen;
      new MutationObserver(() => {
        const labels = [...document.querySelectorAll('[data-testid=upload-label]')].map(
          (l) => l.textContent ?? ''
        );
        if (labels.join('|') !== seen.at(-1)?.join('|')) seen.push(labels);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await page
      .getByLabel('Choose files')
      .setInputFiles([path.join(files, 'second.jpg'), path.join(files, 'third.jpg')]);
    await page.locator('[data-testid=upload][data-phase=waiting]').waitFor({ timeout: 60_000 });
    await screenshot(page, 'upload-waiting');
    await finished(page, 'second.jpg');
    await finished(page, 'third.jpg');
    const statuses = await page
      .getByTestId('upload')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses).toEqual(['ingested', 'ingested']);
    // One row waited while the other was being cut.
    const pairs = await page.evaluate(() => (window as unknown as { pairs: string[][] }).pairs);
    const waitingBesideTiling = pairs.some(
      (pair) =>
        pair.includes('Waiting to prepare tiles…') && pair.some((l) => l.startsWith('Preparing tiles'))
    );
    expect(waitingBesideTiling, pairs.map((p) => p.join(' / ')).join('\n')).toBe(true);
  });

  for (const [locale, expected] of [
    [
      'de-DE',
      `Das Bild ist zu groß: mehr als ${(400_000_000).toLocaleString('de-DE')} Pixel (möglicherweise eine Dekompressionsbombe).`
    ],
    [
      'ar',
      `الصورة كبيرة جدًا: أكثر من ${isolate((400_000_000).toLocaleString('ar-u-nu-latn'))} بكسل (قد تكون قنبلة فك ضغط).`
    ]
  ] as const) {
    it(`words the refusal of a decompression bomb in the reader's language (${locale})`, async () => {
      const page = await uploadPage(locale);
      await page.locator('input[type=file]').setInputFiles(path.join(files, 'bomb.png'));
      await finished(page, 'bomb.png');
      const row = page.getByTestId('upload').filter({ hasText: 'bomb.png' });
      expect(await row.getAttribute('data-status')).toBe('rejected');
      expect(await row.getByTestId('reason').textContent()).toBe(expected);
      await screenshot(page, `upload-rejected-${locale}`);
    });
  }
});
