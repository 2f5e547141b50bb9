/**
 * Bodies in real Chromium: a coordinator-less reviewer's path from the collection grid to a body's
 * evaluation. Photos are selected in the grid (the corner mark, shift-click, ctrl-click, keyboard),
 * made into a body, given an identifier in Arabic-Indic digits; the findings written beforehand
 * through the annotation import API show on the body chart by region; two experts, each in their own
 * browser context, write the overall evaluation at the same time and both see the same text.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { api } from '../helpers/http.ts';
import { shapesJpeg } from '../helpers/images.ts';
import { createToken } from '../helpers/world.ts';
import { hydrated, launchBrowser, newContext, screenshot } from './browser.ts';
import * as steps from './steps.ts';
import { AMAL, type Person } from './steps.ts';

const CHADI: Person = {
  name: 'Chadi Mansour',
  email: 'chadi@example.org',
  password: 'staple battery horse',
  role: 'reviewer',
  expert: true
};
const COLLECTION = 'Generated body batch';
const PHOTOS = ['photo-1.jpg', 'photo-2.jpg', 'photo-3.jpg', 'photo-4.jpg'];
const AMAL_TEXT = 'Amal: ligature marks on both wrists.';
const CHADI_TEXT = 'Chadi: consistent with suspension.';

const cards = (page: Page) => page.locator('[data-testid=thumbnails] li[role=option]');
const selectedCount = (page: Page) => page.locator('[data-testid=thumbnails] li[aria-selected=true]').count();
const summary = (page: Page) => page.getByTestId('evaluation').locator('textarea[name=summary]');

/** One W3C annotation whose finding names a lesion, a region and a side. */
function annotation(lesionType: string, bodyRegion: string, side: string) {
  return {
    type: 'Annotation',
    body: [
      { 'athar:field': 'lesionType', value: lesionType },
      { 'athar:field': 'bodyRegion', value: bodyRegion },
      { 'athar:field': 'side', value: side }
    ],
    target: {
      selector: {
        type: 'FragmentSelector',
        conformsTo: 'http://www.w3.org/TR/media-frags/',
        value: 'xywh=pixel:40,40,120,90'
      }
    }
  };
}

describe('bodies in the browser', () => {
  let athar: Instance;
  let browser: Browser;
  let amal: Page;
  let chadi: Page;
  let collectionId: string;
  const problems: string[] = [];

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    const images: Record<string, Buffer> = {};
    for (const [i, name] of PHOTOS.entries()) images[name] = await shapesJpeg(900, 700, i);
    await steps.prepare(athar, [AMAL, CHADI], COLLECTION, images);
    const token = await createToken(athar, AMAL.email);
    const collections = await api<Array<{ id: string; name: string }>>(
      athar,
      token,
      'GET',
      '/api/collections'
    );
    collectionId = collections.body.find((c) => c.name === COLLECTION)!.id;
    const items = await api<{ items: Array<{ id: string }> }>(
      athar,
      token,
      'GET',
      `/api/collections/${collectionId}/items`
    );
    // Every photo: a ligature mark on both wrists and a contusion of the chest.
    for (const item of items.body.items) {
      const imported = await api(athar, token, 'POST', `/api/items/${item.id}/annotations`, [
        annotation('ligature_mark', 'wrist', 'bilateral'),
        annotation('contusion', 'chest', 'midline')
      ]);
      expect(imported.status).toBe(201);
    }
    const pages = await Promise.all(
      [AMAL, CHADI].map(async (person) => {
        const { page } = await newContext(browser, athar.url);
        page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
        await steps.signIn(page, person);
        return page;
      })
    );
    [amal, chadi] = pages as [Page, Page];
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('selects photos in the grid with the mouse and the keyboard', async () => {
    await amal.goto(`/collections/${collectionId}`);
    await hydrated(amal);
    await expect.poll(() => cards(amal).count()).toBe(4);
    // The corner mark selects; shift-click extends from it.
    await cards(amal).nth(0).hover();
    await cards(amal).nth(0).locator('[data-select]').click();
    await cards(amal)
      .nth(2)
      .click({ modifiers: ['Shift'] });
    expect(await selectedCount(amal)).toBe(3);
    await expect.poll(() => amal.getByTestId('selection-bar').innerText()).toContain('3 selected');
    // Keyboard: Escape clears; arrows move, Space toggles, shift+arrow extends.
    await cards(amal).nth(2).focus();
    await amal.keyboard.press('Escape');
    expect(await selectedCount(amal)).toBe(0);
    await amal.keyboard.press('ArrowLeft');
    await amal.keyboard.press('ArrowLeft');
    await amal.keyboard.press('Space');
    await amal.keyboard.press('Shift+ArrowRight');
    expect(await selectedCount(amal)).toBe(2);
    // While something is selected a plain click toggles rather than opens; ctrl-click toggles too.
    await cards(amal)
      .nth(2)
      .click({ modifiers: ['ControlOrMeta'] });
    expect(await selectedCount(amal)).toBe(3);
    expect(await cards(amal).nth(0).getAttribute('aria-selected')).toBe('true');
    expect(await cards(amal).nth(3).getAttribute('aria-selected')).toBe('false');
    await screenshot(amal, 'bodies-grid-selection');
  });

  it('makes a body and enters an identifier in Arabic-Indic digits', async () => {
    await amal.getByRole('button', { name: 'Make a body' }).click();
    await amal.waitForURL(/\/bodies\/[a-z2-7]{24}$/);
    await hydrated(amal);
    await expect.poll(() => amal.getByTestId('body-photos').locator('li').count()).toBe(3);
    await amal.getByLabel('Kind').selectOption('detainee');
    await amal.getByLabel('Number as written').fill('٢١٥/٣');
    await amal.getByRole('button', { name: 'Enter', exact: true }).click();
    const row = amal.getByTestId('identifiers').locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getAttribute('data-status')).toBe('unverified');
    expect(await row.innerText()).toContain('٢١٥/٣');
    expect(await row.innerText()).toContain('215-3');
  });

  it('shows every finding of the body’s photos on the chart, by region and lesion type', async () => {
    const chart = amal.getByTestId('body-chart');
    const front = (cell: string) => chart.locator(`svg[aria-label=Front] [data-region="${cell}"]`);
    expect(await front('wrist/left').getAttribute('data-count')).toBe('3');
    expect(await front('wrist/right').getAttribute('data-count')).toBe('3');
    expect(await front('chest').getAttribute('data-count')).toBe('3');
    expect(await front('face').getAttribute('data-count')).toBe('0');
    const types = await chart.getByTestId('type-counts').innerText();
    expect(types).toMatch(/Ligature or binding mark\s+3/);
    expect(types).toMatch(/Contusion \(bruise\)\s+3/);
    await front('chest').click();
    const listed = chart.getByTestId('region-findings').locator('tbody tr');
    await expect.poll(() => listed.count()).toBe(3);
    const link = listed.first().locator('a');
    expect(await link.getAttribute('href')).toMatch(/^\/items\/[a-z2-7]{24}$/);
  });

  it('lets two experts write the evaluation at once, both seeing the same text', async () => {
    const url = amal.url();
    await chadi.goto(url);
    await hydrated(chadi);
    for (const page of [amal, chadi])
      await expect.poll(() => summary(page).getAttribute('readonly')).toBeNull();
    // Each sees the other on the page.
    await expect.poll(() => amal.getByTestId('avatar').count()).toBe(1);

    await summary(amal).click();
    await summary(chadi).click();
    await Promise.all([
      amal.keyboard.type(AMAL_TEXT, { delay: 40 }),
      chadi.keyboard.type(CHADI_TEXT, { delay: 55 })
    ]);
    for (const page of [amal, chadi])
      await expect
        .poll(() => summary(page).inputValue(), { timeout: 15_000 })
        .toHaveLength(AMAL_TEXT.length + CHADI_TEXT.length);
    const text = await summary(amal).inputValue();
    expect(text).toContain(AMAL_TEXT);
    expect(text).toContain(CHADI_TEXT);
    expect(await summary(chadi).inputValue()).toBe(text);

    const evaluation = (page: Page) => page.getByTestId('evaluation');
    await evaluation(amal).getByLabel('Overall opinion on the pattern of findings').selectOption('typical');
    await evaluation(chadi).getByLabel('Signs of starvation').selectOption('present');
    await evaluation(chadi)
      .getByLabel('Probable cause of death, as documented')
      .fill('Asphyxia, as documented in the report');
    await evaluation(amal)
      .getByLabel('Is the documented cause consistent with the findings?')
      .selectOption('yes');
    for (const page of [amal, chadi])
      await expect.poll(() => page.getByTestId('evaluation-state').innerText()).toBe('Complete');
    expect(await evaluation(amal).getByLabel('Signs of starvation').inputValue()).toBe('present');
    await screenshot(amal, 'bodies-page-en');
    expect(problems).toEqual([]);
  });

  it('opens another body’s page with that body’s room, not the previous one’s', async () => {
    const token = await createToken(athar, AMAL.email);
    const loose = await api<{ items: Array<{ id: string }> }>(
      athar,
      token,
      'GET',
      `/api/collections/${collectionId}/items?inBody=no`
    );
    const other = await api<{ id: string }>(athar, token, 'POST', '/api/bodies', {
      collectionId,
      itemIds: [loose.body.items[0]!.id]
    });
    expect(other.status).toBe(201);
    const first = amal.url();
    // A link from one body's page to another's: SvelteKit navigates without reloading.
    await amal.evaluate((href) => {
      const link = Object.assign(document.createElement('a'), { href, textContent: 'other body' });
      document.body.append(link);
      link.click();
    }, `/bodies/${other.body.id}`);
    await amal.waitForURL(new RegExp(`/bodies/${other.body.id}$`));
    await expect.poll(() => amal.getByTestId('body-photos').locator('li').count()).toBe(1);
    // Its own evaluation (empty), not the first body's (complete) left open from before.
    await expect.poll(() => amal.getByTestId('evaluation-state').innerText()).not.toBe('Complete');
    expect(await summary(amal).inputValue()).toBe('');
    await amal.goBack();
    await amal.waitForURL(first);
    await expect.poll(() => amal.getByTestId('evaluation-state').innerText()).toBe('Complete');
  });

  it('reads right to left in Arabic', async () => {
    const { page } = await newContext(browser, athar.url, 'ar');
    await steps.signIn(page, CHADI);
    await page.goto(amal.url());
    await hydrated(page);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await expect.poll(() => page.getByTestId('evaluation-state').innerText()).toBe('مكتمل');
    await screenshot(page, 'bodies-page-ar');
    await page.goto(`/collections/${collectionId}`);
    await hydrated(page);
    await cards(page).nth(3).focus();
    await page.keyboard.press('Space');
    // Right to left, the right arrow moves back: from the last card it extends to the third.
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => selectedCount(page)).toBe(2);
    expect(await cards(page).nth(2).getAttribute('aria-selected')).toBe('true');
    await screenshot(page, 'bodies-grid-ar');
  });
});
