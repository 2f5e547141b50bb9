/**
 * A coordinator exports an item's dossier with the page's button, and a third party opens the
 * bag's own verify.html from disk (file://, no server) in Chromium: it says VALID for the zip as
 * exported and for the unzipped folder, and INVALID, naming the original, after one flipped byte.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { run, unzip } from '../helpers/dossier.ts';
import { flatJpeg, removeDir, tempDir } from '../helpers/images.ts';
import { hydrated, launchBrowser, newContext } from './browser.ts';
import { prepare, signIn, type Person } from './steps.ts';

const CORA: Person = {
  name: 'Cora Coordinator',
  email: 'cora@example.org',
  password: 'horse staple battery correct',
  role: 'coordinator'
};

describe('dossier export and offline verification in the browser', () => {
  let athar: Instance;
  let browser: Browser;
  let dir = '';
  let item = '';
  beforeAll(async () => {
    athar = await startInstance('sqlite');
    browser = await launchBrowser();
    dir = tempDir('athar-dossier-e2e-');
    [item] = (await prepare(athar, [CORA], 'Dossier batch', {
      'body-photo.jpg': await flatJpeg(800, 600, { r: 120, g: 60, b: 40 })
    })) as [string];
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
    removeDir(dir);
  });

  async function verdict(page: Page, input: '#zip' | '#folder', file: string): Promise<string> {
    await page.locator('#result').evaluate((el: HTMLElement) => (el.dataset.state = 'idle'));
    await page.setInputFiles(input, file);
    const result = page.locator('#result');
    await expect.poll(() => result.getAttribute('data-state')).toMatch(/^(valid|invalid)$/);
    return (await result.textContent()) ?? '';
  }

  it('exports with the button; verify.html says valid, then invalid after a flipped byte', async () => {
    const { page } = await newContext(browser, athar.url);
    await signIn(page, CORA);
    await page.goto(`/items/${item}`);
    await hydrated(page);
    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export dossier' }).click();
    const download = await downloading;
    const zip = path.join(dir, download.suggestedFilename());
    await download.saveAs(zip);
    await expect.poll(() => page.getByTestId('export-dossier').textContent()).toContain('saved as');

    const bag = unzip(zip, dir);
    const offline = await browser.newPage();
    const requests: string[] = [];
    offline.on('request', (r) => requests.push(r.url()));
    await offline.goto(`file://${path.join(bag, 'verify.html')}`);
    expect(await verdict(offline, '#zip', zip)).toMatch(/^VALID: .*custody row\(s\) chain/);
    expect(await verdict(offline, '#folder', bag)).toMatch(/^VALID/);

    const original = fs.readdirSync(path.join(bag, 'data', 'originals'))[0]!;
    const bytes = fs.readFileSync(zip);
    const at = bytes.indexOf(
      fs.readFileSync(path.join(bag, 'data', 'originals', original)).subarray(300, 340)
    );
    expect(at).toBeGreaterThan(0);
    bytes[at] = bytes[at]! ^ 0x01;
    const damaged = path.join(dir, 'damaged.zip');
    fs.writeFileSync(damaged, bytes);
    expect(await verdict(offline, '#zip', damaged)).toBe(
      `INVALID: data/originals/${original} does not match its line in manifest-sha256.txt`
    );
    expect(requests.every((url) => url.startsWith('file://'))).toBe(true);
    expect(run('unzip', ['-tq', zip]).code).toBe(0);
  });
});
