/**
 * Reveal by region and the opening frame, in real Chromium on a generated yellow and blue
 * checkerboard: a reviewer picks a rectangle (mouse, then keyboard) and only that part of the image
 * is sharp and in colour while the rest stays blurred and grey, as the pixels of a screenshot show,
 * through pan and zoom; picking never draws a finding. An item with findings opens framed on them
 * ("Whole image" returns home); a blind reviewer is framed only on their own blind layer.
 */
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { api } from '../helpers/http.ts';
import { checkerJpeg } from '../helpers/images.ts';
import { createToken } from '../helpers/world.ts';
import { hydrated, launchBrowser, newContext, screenshot } from './browser.ts';
import {
  AMAL,
  BASSEL,
  dragRectangle,
  entries,
  imageToPage,
  openItem,
  openingDecided,
  prepare,
  rect,
  settled,
  signIn,
  waitForCount,
  writeLayer,
  type Person
} from './steps.ts';

const IMAGE = { width: 2400, height: 1600 };
const COLLECTION = 'Generated checker batch';
const CORA: Person = {
  name: 'Cora Coordinator',
  email: 'cora@example.org',
  password: 'horse staple battery',
  role: 'coordinator'
};

type Stats = { contrast: number; colour: number };

/**
 * What the screen shows around an image point (a square of `side` CSS pixels): the spread of its
 * luminance (a sharp checkerboard is far from its mean, a blurred one is flat) and its mean
 * |red − blue| (0 in greyscale).
 */
async function around(page: Page, x: number, y: number, side = 60): Promise<Stats> {
  const at = await imageToPage(page, x, y);
  const shot = await page.screenshot({
    clip: { x: at.x - side / 2, y: at.y - side / 2, width: side, height: side }
  });
  const { data, info } = await sharp(shot).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const lum: number[] = [];
  let colour = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    lum.push(0.2126 * r + 0.7152 * g + 0.0722 * b);
    colour += Math.abs(r - b);
  }
  const mean = lum.reduce((a, b) => a + b, 0) / lum.length;
  const spread = Math.sqrt(lum.reduce((a, b) => a + (b - mean) ** 2, 0) / lum.length);
  return { contrast: spread, colour: colour / lum.length };
}

/** Tiles load slowly on a loaded machine. */
const POLL = { timeout: 20_000, interval: 250 };
const SHARP = (s: Stats) => s.contrast > 40 && s.colour > 60;
const PROTECTED = (s: Stats) => s.contrast < 12 && s.colour < 12;

/** The view in image pixels (the presence layer's "x,y,w,h"). */
async function view(page: Page): Promise<{ x: number; y: number; w: number; h: number }> {
  const [x, y, w, h] = ((await page.getByTestId('presence-layer').getAttribute('data-view')) ?? '')
    .split(',')
    .map(Number) as [number, number, number, number];
  return { x, y, w, h };
}

const holds = (
  outer: { x: number; y: number; w: number; h: number },
  inner: { x: number; y: number; w: number; h: number }
) =>
  outer.x <= inner.x + 1 &&
  outer.y <= inner.y + 1 &&
  outer.x + outer.w >= inner.x + inner.w - 1 &&
  outer.y + outer.h >= inner.y + inner.h - 1;

describe('reveal by region and the opening frame', () => {
  let athar: Instance;
  let browser: Browser;
  let page: Page;
  let id: string;
  const problems: string[] = [];

  beforeAll(async () => {
    athar = await startInstance('sqlite');
    [id] = (await prepare(athar, [AMAL, BASSEL, CORA], COLLECTION, {
      'checker.jpg': await checkerJpeg(IMAGE.width, IMAGE.height, 48)
    })) as [string];
    browser = await launchBrowser();
    ({ page } = await newContext(browser, athar.url));
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    await signIn(page, AMAL);
  });

  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('reveals only the dragged region, through pan and zoom, and never draws a finding', async () => {
    await openItem(page, id);
    expect(await page.getByTestId('opening-frame').getAttribute('data-state')).toBe('home');
    await page.locator('[data-testid=viewer][data-fully-loaded=true]').waitFor();
    await expect.poll(() => around(page, 1000, 800).then(PROTECTED), POLL).toBe(true);

    // The rectangle tool is on: the region is picked all the same, and no finding comes of it.
    await page.getByRole('button', { name: 'Rectangle' }).click();
    await page.getByRole('button', { name: 'Reveal a region' }).click();
    await page.getByTestId('region-pick').waitFor();
    await dragRectangle(page, { x: 800, y: 500 }, { x: 1600, y: 1100 });
    await page.getByRole('button', { name: 'Clear region' }).waitFor();
    expect(await page.getByTestId('region-pick').count()).toBe(0);
    await page.locator('[data-testid=viewer][data-fully-loaded=true]').waitFor();

    await expect.poll(() => around(page, 1200, 800).then(SHARP), POLL).toBe(true);
    expect(PROTECTED(await around(page, 300, 300))).toBe(true);
    expect(PROTECTED(await around(page, 2100, 300))).toBe(true);
    await screenshot(page, 'reveal-region-en');
    expect(await page.getByTestId('exposure').getAttribute('class')).toContain('active');
    expect(await entries(page).count()).toBe(0);

    // Zoomed in, the region stays where it is on the image.
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await settled(page);
    await expect.poll(() => around(page, 1500, 1000).then(SHARP), POLL).toBe(true);
    const shown = await view(page);
    const outside = { x: Math.max(shown.x + 80, 0) + 20, y: Math.max(shown.y + 80, 0) + 20 };
    expect(outside.x < 800 || outside.y < 500).toBe(true);
    expect(PROTECTED(await around(page, outside.x, outside.y))).toBe(true);

    // The drawing tool still draws once the region is picked.
    await page.getByRole('button', { name: 'Fit to view' }).click();
    await settled(page);
    await dragRectangle(page, { x: 200, y: 200 }, { x: 500, y: 400 });
    await waitForCount(page, 1);

    await page.getByRole('button', { name: 'Clear region' }).click();
    await expect.poll(() => around(page, 1200, 800).then(PROTECTED), POLL).toBe(true);
    expect(await page.getByTestId('exposure').getAttribute('class')).not.toContain('active');
    expect(problems).toEqual([]);
  });

  it('picks the middle of the view with the keyboard, and Escape cancels', async () => {
    const pick = page.getByRole('button', { name: 'Reveal a region' });
    await pick.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('region-pick').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'region-pick'
    );
    await page.keyboard.press('Escape');
    await page.getByTestId('region-pick').waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: 'Clear region' }).count()).toBe(0);

    await pick.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('region-pick').waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Clear region' }).waitFor();
    // Back on the image: the arrows pan it.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('application');
    const v = await view(page);
    await expect.poll(() => around(page, v.x + v.w / 2, v.y + v.h / 2).then(SHARP), POLL).toBe(true);
    // Top right of the view (the finding drawn above is at the top left, the overview bottom right).
    const corner = { x: Math.min(v.x + v.w * 0.85, IMAGE.width - 60), y: Math.max(v.y + v.h * 0.15, 60) };
    expect(PROTECTED(await around(page, corner.x, corner.y))).toBe(true);
    await page.getByRole('button', { name: 'Clear region' }).click();
  });

  it('opens an item framed on its findings, and "Whole image" returns to the whole', async () => {
    const token = await createToken(athar, AMAL.email);
    const me = (await api<{ id: string }>(athar, token, 'GET', '/api/me')).body.id;
    await writeLayer(athar, token, `item/${id}`, me, [
      { id: 'finding-beside', target: rect(700, 500, 300, 200), finding: {} }
    ]);
    await openItem(page, id);
    expect(await page.getByTestId('opening-frame').getAttribute('data-state')).toBe('framed');
    await settled(page);
    const framed = await view(page);
    // Both findings (the one drawn above at 200…500 × 200…400, this one) are in view, and the view
    // is the findings' box, not the whole image.
    expect(holds(framed, { x: 200, y: 200, w: 800, h: 500 })).toBe(true);
    expect(holds(framed, { x: 0, y: 0, w: IMAGE.width, h: IMAGE.height })).toBe(false);

    await page.getByRole('button', { name: 'Whole image' }).click();
    await settled(page);
    expect(holds(await view(page), { x: 0, y: 0, w: IMAGE.width, h: IMAGE.height })).toBe(true);
  });

  it('frames a blind reviewer on their own findings only, never on the shared layer', async () => {
    const cora = await createToken(athar, CORA.email);
    const bassel = await createToken(athar, BASSEL.email);
    const basselId = (await api<{ id: string }>(athar, bassel, 'GET', '/api/me')).body.id;
    const collections = await api<Array<{ id: string; name: string }>>(
      athar,
      cora,
      'GET',
      '/api/collections'
    );
    const queue = await api<{ id: string }>(athar, cora, 'POST', '/api/queues', {
      collectionId: collections.body.find((c) => c.name === COLLECTION)!.id,
      name: 'Blind checker queue',
      task: 'annotate',
      reviewsPerItem: 1,
      blind: true,
      sharedFindingsConfirmed: true,
      memberIds: [basselId]
    });
    expect(queue.status).toBe(201);
    const next = await api<{ assignment: { id: string; room: string } }>(
      athar,
      bassel,
      'POST',
      `/api/queues/${queue.body.id}/next`
    );
    expect(next.status).toBe(200);
    const work = `/queues/${queue.body.id}/work/${next.body.assignment.id}`;

    const { page: blind } = await newContext(browser, athar.url);
    await signIn(blind, BASSEL);
    const openWork = async () => {
      await blind.goto(work);
      await hydrated(blind);
      await blind.locator('[data-testid=viewer][data-opened=true]').waitFor();
      await blind.locator('[data-testid=annotation-bar][data-ready=true]').waitFor();
      await openingDecided(blind);
      await settled(blind);
    };
    // The shared layer holds two findings; the blind layer none: the whole image.
    await openWork();
    expect(await blind.getByTestId('opening-frame').getAttribute('data-state')).toBe('home');
    expect(holds(await view(blind), { x: 0, y: 0, w: IMAGE.width, h: IMAGE.height })).toBe(true);

    // His own finding, on his blind layer: framed on it; the shared findings are out of view.
    await writeLayer(athar, bassel, next.body.assignment.room, basselId, [
      { id: 'blind-finding', target: rect(1000, 300, 200, 150), finding: {} }
    ]);
    await openWork();
    expect(await blind.getByTestId('opening-frame').getAttribute('data-state')).toBe('framed');
    const framed = await view(blind);
    expect(holds(framed, { x: 1000, y: 300, w: 200, h: 150 })).toBe(true);
    expect(holds(framed, { x: 700, y: 500, w: 300, h: 200 })).toBe(false);
    expect(holds(framed, { x: 200, y: 200, w: 300, h: 200 })).toBe(false);
  });
});
