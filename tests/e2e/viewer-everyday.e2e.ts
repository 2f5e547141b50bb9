/**
 * The viewer's everyday gaps, in real Chromium, on one generated photograph: the first click into
 * an image partly below the fold leaves the page where it is; shapes carry the same number and
 * colour on the image and in the list (coloured by lesion type or by author, a choice); a point
 * chosen in the list is shown as close as the viewer allows; full screen keeps the finding panel
 * and the list, so a shape drawn there is classified there.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import {
  AMAL,
  drawRectangle,
  entries,
  fitToView,
  imageToPage,
  itemId,
  openItem,
  prepareAnnotation,
  setField,
  settle,
  settled,
  signIn,
  waitForCount
} from './steps.ts';
import { launchBrowser, newContext, screenshot } from './browser.ts';

/** The presence layer's "x,y,w,h" view of the image. */
async function view(page: Page): Promise<number[]> {
  return ((await page.getByTestId('presence-layer').getAttribute('data-view')) ?? '').split(',').map(Number);
}

/** Each entry's number and colour, in list order. */
const listed = (page: Page) =>
  page
    .getByTestId('entry-number')
    .evaluateAll((els) => els.map((el) => ({ n: el.textContent, colour: el.getAttribute('data-colour') })));

/** Each shape's number and colour on the image, by number. */
const drawn = (page: Page) =>
  page
    .getByTestId('shape-label')
    .evaluateAll((els) =>
      els
        .map((el) => ({ n: el.textContent, colour: el.getAttribute('data-colour') }))
        .sort((a, b) => Number(a.n) - Number(b.n))
    );

describe('the viewer, every day', () => {
  let athar: Instance;
  let browser: Browser;
  let page: Page;
  let id = '';

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    await prepareAnnotation(athar, [AMAL]);
    ({ page } = await newContext(browser, athar.url));
    await signIn(page, AMAL);
    id = await itemId(page);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('leaves the page where it is on the first click into an image partly below the fold', async () => {
    await openItem(page, id);
    const box = (await page.getByTestId('viewer').boundingBox())!;
    const height = page.viewportSize()!.height;
    expect(box.y).toBeLessThan(height - 100);
    expect(box.y + box.height).toBeGreaterThan(height); // partly below the fold
    const before = await page.evaluate(() => window.scrollY);
    await page.mouse.click(box.x + box.width / 2, box.y + 60);
    // OpenSeadragon takes the keyboard focus on that first click.
    await page.waitForFunction(() => document.activeElement?.classList.contains('openseadragon-canvas'));
    expect(await page.evaluate(() => window.scrollY)).toBe(before);
  });

  it('numbers and colours each shape the same on the image and in the list, by lesion or by author', async () => {
    await fitToView(page);
    await drawRectangle(page, { x: 300, y: 300 }, { x: 700, y: 600 });
    await setField(page, 'Lesion type', 'contusion');
    await drawRectangle(page, { x: 1300, y: 700 }, { x: 1700, y: 1000 });
    await setField(page, 'Lesion type', 'abrasion');
    await settle(page);

    await expect.poll(() => drawn(page)).toEqual(await listed(page));
    const byLesion = await listed(page);
    expect(byLesion.map((e) => e.n)).toEqual(['1', '2']);
    expect(byLesion[0]!.colour).not.toBe(byLesion[1]!.colour);
    await screenshot(page, 'viewer-numbered-by-lesion');

    await page.getByLabel('Colour shapes by').selectOption('author');
    await expect.poll(async () => new Set((await listed(page)).map((e) => e.colour)).size).toBe(1);
    expect(await drawn(page)).toEqual(await listed(page));
    // The choice is kept for the next item this browser opens.
    await page.reload();
    await page.locator('[data-testid=annotation-bar][data-ready=true]').waitFor();
    expect(await page.getByLabel('Colour shapes by').inputValue()).toBe('author');
    await page.getByLabel('Colour shapes by').selectOption('lesion');
    await expect.poll(() => listed(page)).toEqual(byLesion);
  });

  it('zooms in all the way on a point chosen in the list', async () => {
    await openItem(page, id);
    await fitToView(page);
    await page.getByRole('button', { name: 'Point', exact: true }).click();
    const at = await imageToPage(page, 1200, 800);
    await page.mouse.click(at.x, at.y);
    await waitForCount(page, 3);
    await settle(page);
    await page.getByRole('button', { name: 'Select and pan' }).click();
    await fitToView(page);

    await entries(page).filter({ hasText: '· Point' }).click();
    await settled(page);
    const [x, y, w, h] = await view(page);
    const box = (await page.getByTestId('viewer').boundingBox())!;
    // As close as the viewer goes (4 screen pixels to an image pixel), centred on the point.
    expect(w).toBeLessThanOrEqual(Math.ceil(box.width / 4) + 1);
    expect(Math.abs(x! + w! / 2 - 1200)).toBeLessThan(10);
    expect(Math.abs(y! + h! / 2 - 800)).toBeLessThan(10);
  });

  it('keeps the finding panel and the list in full screen, to classify what is drawn there', async () => {
    await fitToView(page);
    await page.getByRole('button', { name: 'Full screen' }).click();
    await page.waitForFunction(
      () => document.fullscreenElement?.getAttribute('data-testid') === 'annotation-layout'
    );
    await fitToView(page);
    const panel = page.getByTestId('finding-panel');
    expect(await panel.isVisible()).toBe(true);
    expect(await page.getByTestId('annotation-list').isVisible()).toBe(true);

    await drawRectangle(page, { x: 1800, y: 300 }, { x: 2100, y: 600 });
    await setField(page, 'Lesion type', 'laceration');
    await entries(page).filter({ hasText: 'Laceration' }).waitFor();
    await settle(page);
    await screenshot(page, 'viewer-full-screen');

    await page.getByRole('button', { name: 'Full screen' }).click();
    await page.waitForFunction(() => document.fullscreenElement === null);
  });
});
