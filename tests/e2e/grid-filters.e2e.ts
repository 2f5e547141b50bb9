/**
 * The collection grid's filters by finding in real Chromium: a reviewer narrows the grid to a lesion
 * type, then to a colleague's findings; the filter is in the URL, so a colleague who opens the link
 * sees the same grid; "select all matching the filter" selects exactly what the filter matches; and a
 * multi-page document's pages stand together in page order. The findings are imported beforehand
 * through the annotation API, each under its author's token.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { api } from '../helpers/http.ts';
import { colourOf, multiPageTiff, shapesJpeg } from '../helpers/images.ts';
import { createToken } from '../helpers/world.ts';
import { hydrated, launchBrowser, newContext, screenshot } from './browser.ts';
import * as steps from './steps.ts';
import { AMAL, BASSEL } from './steps.ts';

const COLLECTION = 'Generated grid batch';
const PAGES = 5;

const cards = (page: Page) => page.locator('[data-testid=thumbnails] li[role=option]');
const cardNames = (page: Page) => cards(page).locator('.name').allInnerTexts();

function annotation(lesionType: string, bodyRegion: string) {
  return {
    type: 'Annotation',
    body: [
      { 'athar:field': 'lesionType', value: lesionType },
      { 'athar:field': 'bodyRegion', value: bodyRegion }
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

describe('grid filters in the browser', () => {
  let athar: Instance;
  let browser: Browser;
  let amal: Page;
  let bassel: Page;
  let collectionId: string;
  const problems: string[] = [];

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    const images: Record<string, Buffer> = {};
    for (let i = 1; i <= 4; i++) images[`photo-${i}.jpg`] = await shapesJpeg(900, 700, i - 1);
    images['register-3.tiff'] = await multiPageTiff(
      400,
      300,
      Array.from({ length: PAGES }, (_, i) => colourOf(20 + i))
    );
    const [p1, p2, p3] = await steps.prepare(athar, [AMAL, BASSEL], COLLECTION, images);
    const tokens = {
      amal: await createToken(athar, AMAL.email),
      bassel: await createToken(athar, BASSEL.email)
    };
    const collections = await api<Array<{ id: string; name: string }>>(
      athar,
      tokens.amal,
      'GET',
      '/api/collections'
    );
    collectionId = collections.body.find((c) => c.name === COLLECTION)!.id;
    const imports: Array<[string, string, ReturnType<typeof annotation>]> = [
      [tokens.amal, p1!, annotation('contusion', 'chest')],
      [tokens.amal, p3!, annotation('contusion', 'back')],
      [tokens.bassel, p2!, annotation('abrasion', 'hand')]
    ];
    for (const [token, item, body] of imports)
      expect((await api(athar, token, 'POST', `/api/items/${item}/annotations`, [body])).status).toBe(201);
    [amal, bassel] = (await Promise.all(
      [AMAL, BASSEL].map(async (person) => {
        const { page } = await newContext(browser, athar.url);
        page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
        await steps.signIn(page, person);
        return page;
      })
    )) as [Page, Page];
  }, 900_000); // a dozen CLI runs and an ingest: slow on a loaded machine
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('filters by lesion type and by reviewer, and the URL carries the filter to a colleague', async () => {
    await amal.goto(`/collections/${collectionId}`);
    await hydrated(amal);
    await expect.poll(() => cards(amal).count()).toBe(4 + PAGES);
    await amal.getByLabel('Lesion type').selectOption({ label: 'Contusion (bruise)' });
    await amal.waitForURL(/lesionType=contusion/);
    await expect.poll(() => cardNames(amal)).toEqual(['photo-1.jpg', 'photo-3.jpg']);
    await amal.getByLabel('Body region').selectOption({ label: 'Back' });
    await expect.poll(() => cardNames(amal)).toEqual(['photo-3.jpg']);
    await amal.getByRole('link', { name: 'Clear filters' }).click();
    await expect.poll(() => cards(amal).count()).toBe(4 + PAGES);

    await amal.getByLabel('Reviewer').selectOption({ label: BASSEL.name });
    await expect.poll(() => cardNames(amal)).toEqual(['photo-2.jpg']);
    await screenshot(amal, 'grid-filter-reviewer');

    await bassel.goto(amal.url());
    await hydrated(bassel);
    await expect.poll(() => cardNames(bassel)).toEqual(['photo-2.jpg']);
    expect(await bassel.getByLabel('Reviewer').inputValue()).toBe(
      new URL(amal.url()).searchParams.get('reviewer')
    );
  });

  it('selects all matching the finding filter', async () => {
    await amal.goto(`/collections/${collectionId}?lesionType=contusion`);
    await hydrated(amal);
    await expect.poll(() => cards(amal).count()).toBe(2);
    await amal.getByRole('button', { name: 'Select all matching the filter' }).click();
    await expect.poll(() => amal.getByTestId('selection-bar').innerText()).toContain('2 selected');
    expect(await amal.locator('[data-testid=thumbnails] li[aria-selected=true]').count()).toBe(2);
  });

  it("shows a document's pages together, in page order", async () => {
    await amal.goto(`/collections/${collectionId}?kind=document`);
    await hydrated(amal);
    await expect.poll(() => cards(amal).count()).toBe(PAGES);
    const tags = await cards(amal).locator('.tags').allInnerTexts();
    expect(tags.map((text) => /p\. (\d+)/.exec(text)?.[1])).toEqual(
      Array.from({ length: PAGES }, (_, i) => String(i + 1))
    );
    // Unfiltered too: the pages are one run of cards, 1 to 5.
    await amal.goto(`/collections/${collectionId}`);
    await hydrated(amal);
    await expect.poll(() => cards(amal).count()).toBe(4 + PAGES);
    const all = await cards(amal).locator('.tags').allInnerTexts();
    const first = all.findIndex((text) => /p\. 1\b/.test(text));
    expect(all.slice(first, first + PAGES).map((text) => /p\. (\d+)/.exec(text)?.[1])).toEqual(
      Array.from({ length: PAGES }, (_, i) => String(i + 1))
    );
    expect(problems).toEqual([]);
  });
});
