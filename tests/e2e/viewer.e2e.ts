/**
 * Browsing and viewing in real Chromium: a reviewer opens a collection of generated images, sees
 * blurred thumbnails and more of them as the grid scrolls, opens an item whose IIIF tiles load in
 * OpenSeadragon, finds it blurred and greyscale until revealed on purpose (toggle, pointer hold,
 * Space held), and is offered a break after their exposure minutes. Every opening is recorded, and a
 * coordinator sees who viewed the item.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { addMember, addUser } from '../helpers/world.ts';
import { imageFilter, launchBrowser, newContext, screenshot, submit } from './browser.ts';

const REVIEWER = { name: 'Rana Reviewer', email: 'rana@example.org', password: 'correct horse battery' };
const COORDINATOR = {
  name: 'Karim Coordinator',
  email: 'karim@example.org',
  password: 'staple battery horse'
};
const COLLECTION = 'Generated batch';
/** More than the browser's first page (60), so that scrolling has to fetch the rest. */
const SMALL_IMAGES = 64;

async function makeImages(dir: string): Promise<void> {
  // Noise, never photographs: one large image for the deep-zoom pyramid, many small ones for the grid.
  await sharp({
    create: {
      width: 3000,
      height: 2000,
      channels: 3,
      background: '#000',
      noise: { type: 'gaussian', mean: 128, sigma: 40 }
    }
  })
    .jpeg()
    .toFile(path.join(dir, 'a-large.jpg'));
  for (let i = 0; i < SMALL_IMAGES; i++) {
    await sharp({
      create: {
        width: 320,
        height: 240,
        channels: 3,
        background: { r: (i * 37) % 256, g: 90, b: (i * 11) % 256 }
      }
    })
      .jpeg()
      .toFile(path.join(dir, `small-${String(i).padStart(3, '0')}.jpg`));
  }
}

async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await submit(page, 303, () => page.getByLabel('Password').press('Enter'));
  await page.waitForURL((url) => url.pathname === '/');
}

describe('collection browser and viewer', () => {
  let athar: Instance;
  let browser: Browser;
  let page: Page;
  let images: string;
  let itemPath = '';
  /** The grid's requests for further pages. */
  const pageRequests: URL[] = [];

  beforeAll(async () => {
    images = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-images-'));
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser(), makeImages(images)]);
    await addUser(athar, REVIEWER.email, { ...REVIEWER, role: 'reviewer' });
    await addUser(athar, COORDINATOR.email, { ...COORDINATOR, role: 'coordinator' });
    const ingested = await athar.cli(['ingest', images, '--collection', COLLECTION]);
    expect(ingested.code, ingested.stderr).toBe(0);
    for (const who of [REVIEWER, COORDINATOR]) await addMember(athar, COLLECTION, who.email);
    ({ page } = await newContext(browser, athar.url));
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (/^\/api\/collections\/[a-z2-7]{24}\/items$/.test(url.pathname)) pageRequests.push(url);
    });
    await signIn(page, REVIEWER);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
    if (images) fs.rmSync(images, { recursive: true, force: true });
  });

  it('lists the collection with its item count and opens it as a grid of blurred thumbnails', async () => {
    const card = page.getByRole('listitem').filter({ hasText: COLLECTION });
    expect(await card.textContent()).toContain(`${SMALL_IMAGES + 1} items`);
    await card.getByRole('link', { name: COLLECTION }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/collections/'));
    await page.getByRole('heading', { name: COLLECTION }).waitFor();
    const counts = (await page.getByTestId('counts').textContent())?.replace(/\s+/g, ' ').trim();
    expect(counts).toBe(`${SMALL_IMAGES + 1} items ready ${SMALL_IMAGES + 1} photos 0 document pages`);
    await page.getByText('may show injuries or death').waitFor();

    const first = page.getByTestId('thumbnails').locator('img').first();
    await first.waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid=thumbnails] img');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect(await first.evaluate((img) => getComputedStyle(img).filter)).toMatch(/blur\(.+\).*grayscale\(1\)/);
    expect(await first.getAttribute('loading')).toBe('lazy');
    expect(await first.getAttribute('src')).toMatch(/^\/iiif\/[a-z2-7]{24}\/thumbnail\.jpg$/);
    await screenshot(page, 'browser-blurred');
  });

  it('filters by kind from the URL-backed form', async () => {
    await page.getByLabel('Kind').selectOption('document');
    await page.waitForURL((url) => url.searchParams.get('kind') === 'document');
    await page.getByText('No items match these filters.').waitFor();
    await page.getByLabel('Kind').selectOption('');
    await page.waitForURL((url) => !url.searchParams.has('kind'));
    await page.getByTestId('thumbnails').waitFor();
  });

  it('loads the next keyset pages as the end of the grid scrolls into view', async () => {
    const end = page.getByText('End of the list.');
    const cards = page.getByTestId('thumbnails').getByRole('listitem');
    for (let i = 0; i < 10 && !(await end.isVisible()); i++) {
      const before = await cards.count();
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      // The next page has arrived (more cards) or there is none (the end marker).
      await page.waitForFunction(
        (n) =>
          document.querySelectorAll('[data-testid="thumbnails"] li').length > n ||
          document.body.innerText.includes('End of the list.'),
        before
      );
    }
    await end.waitFor();
    expect(await page.getByTestId('thumbnails').getByRole('option').count()).toBe(SMALL_IMAGES + 1);
    expect(pageRequests.filter((url) => url.searchParams.has('cursor')).length).toBeGreaterThan(0);
  });

  it('opens an item in the viewer, loads its tiles and keeps it blurred until revealed', async () => {
    const tile = page.waitForResponse(
      (r) => /\/iiif\/[a-z2-7]{24}\/[^/]+\/[^/]+\/0\/default\.jpg$/.test(r.url()) && r.status() === 200
    );
    await page.getByRole('link', { name: 'a-large.jpg' }).click();
    await page.waitForURL((url) => /^\/items\/[a-z2-7]{24}$/.test(url.pathname));
    itemPath = new URL(page.url()).pathname;
    await tile;
    await page.locator('[data-testid=viewer][data-fully-loaded=true]').waitFor();
    expect(Number(await page.getByTestId('viewer').getAttribute('data-tiles-loaded'))).toBeGreaterThan(0);

    await page.getByRole('heading', { name: 'a-large.jpg' }).waitFor();
    await page.getByText('This item may show injuries or death.').waitFor();
    expect(await imageFilter(page)).toMatch(/blur\(28px\) grayscale\(1\)/);
    expect(await page.getByTestId('sha256').textContent()).toMatch(/^[0-9a-f]{64}$/);
    await screenshot(page, 'viewer-blurred');

    const reveal = page.getByRole('button', { name: 'Reveal', exact: true });
    await reveal.click();
    expect(await reveal.getAttribute('aria-pressed')).toBe('true');
    expect(await imageFilter(page)).toBe('none');
    await screenshot(page, 'viewer-revealed');
    await reveal.click();
    expect(await imageFilter(page)).toContain('blur');
  });

  it('reveals only while "hold to reveal" is held, by pointer or by Space', async () => {
    const hold = page.getByRole('button', { name: 'Hold to reveal' });
    await hold.hover();
    await page.mouse.down();
    expect(await imageFilter(page)).toBe('none');
    await page.mouse.up();
    expect(await imageFilter(page)).toContain('blur');

    await hold.focus();
    await page.keyboard.down(' ');
    expect(await imageFilter(page)).toBe('none');
    await page.keyboard.up(' ');
    expect(await imageFilter(page)).toContain('blur');
  });

  it('drives the viewer and the examination aids from the keyboard-usable toolbar', async () => {
    for (const name of ['Zoom in', 'Zoom out', 'Rotate right', 'Rotate left', 'Fit to view'])
      await page.getByRole('button', { name }).click();
    await page.getByLabel('Invert').check();
    await page.getByLabel('Brightness').fill('150');
    const filter = await imageFilter(page);
    expect(filter).toContain('brightness(1.5)');
    expect(filter).toContain('invert(1)');
    expect(filter).toContain('blur'); // the aids never lift the protection
    await page.getByRole('button', { name: 'Reset adjustments' }).click();
    expect(await imageFilter(page)).not.toContain('invert');
  });

  it('records every opening; only coordinators see who viewed the item', async () => {
    const itemId = itemPath.split('/')[2] as string;
    expect((await page.request.get(`/api/items/${itemId}/views`)).status()).toBe(403);
    await page.reload();
    await page.getByRole('heading', { name: 'a-large.jpg' }).waitFor();
    expect(await page.getByTestId('views').count()).toBe(0);

    const coordinator = await newContext(browser, athar.url);
    await signIn(coordinator.page, COORDINATOR);
    const response = await coordinator.page.request.get(`/api/items/${itemId}/views`);
    expect(response.status()).toBe(200);
    const views = (await response.json()) as Array<{ name: string; via: string }>;
    expect(views.filter((v) => v.name === REVIEWER.name && v.via === 'viewer')).toHaveLength(2);

    await coordinator.page.goto(itemPath);
    const table = coordinator.page.getByTestId('views');
    await table.waitFor();
    expect(await table.getByRole('row').filter({ hasText: REVIEWER.name }).count()).toBe(2);
    expect(await table.getByRole('row').filter({ hasText: COORDINATOR.name }).count()).toBe(1);
    await coordinator.context.close();
  });

  it('follows the preferences: relaxed blur, and a break suggested after the exposure minutes', async () => {
    await page.goto('/account');
    await page.getByLabel('Blur images until I reveal them').uncheck();
    await page.getByLabel(/Suggest a break after/).fill('1');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    // Most of the minute already spent in this tab (the count is kept per tab, across pages).
    await page.evaluate(() => sessionStorage.setItem('athar.exposure.seconds', '57'));
    await page.goto(itemPath);
    await page.locator('[data-testid=viewer][data-opened=true]').waitFor();
    const filter = await imageFilter(page);
    expect(filter).not.toContain('blur');
    expect(filter).toContain('grayscale(1)');
    const suggestion = page.getByRole('status').filter({ hasText: 'Time for a short break?' });
    await suggestion.waitFor({ timeout: 10_000 });
    await screenshot(page, 'viewer-break');
    await suggestion.getByRole('button', { name: 'Dismiss' }).click();
    await suggestion.waitFor({ state: 'detached' });
  });
});
