/**
 * Searching the archive from the UI: a finding on the shared layer is found by its Arabic label,
 * the hit says it matched a finding, names the item and opens it; narrowing to item names finds the
 * photograph by its file name.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { query } from '../helpers/db.ts';
import { createToken } from '../helpers/world.ts';
import { launchBrowser, newContext, screenshot } from './browser.ts';
import { AMAL, ANNOTATION, itemId, prepareAnnotation, rect, signIn, writeLayer } from './steps.ts';

describe('search from the UI', () => {
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
    const [user] = await query<{ id: string }>(athar, 'select id from users where email = ?', [AMAL.email]);
    await writeLayer(athar, await createToken(athar, AMAL.email), `item/${id}`, user!.id, [
      {
        id: 'search-e2e',
        target: rect(10, 10, 100, 100),
        finding: { lesionType: 'contusion', bodyRegion: 'forearm' }
      }
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('finds a finding by its Arabic label and opens its item', async () => {
    await page.goto('/search');
    await page.getByLabel('Search for').fill('كدمة');
    await page.getByRole('button', { name: 'Search' }).click();
    const hit = page.locator('[data-testid=search-results] li[data-matched=finding]');
    await hit.filter({ hasText: 'Contusion (bruise)' }).waitFor();
    expect(await hit.textContent()).toContain('Finding');
    expect(await hit.textContent()).toContain('Forearm');
    await screenshot(page, 'search-finding');
    await hit.getByRole('link').click();
    await page.waitForURL((url) => url.pathname === `/items/${id}`);
  });

  it('finds an item by its file name when the search is narrowed to names', async () => {
    await page.goto('/search');
    await page.getByLabel('Search for').fill('generated body');
    await page.getByLabel('Look in').selectOption('name');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((url) => url.searchParams.get('in') === 'name');
    const hits = page.locator('[data-testid=search-results] li');
    await hits.filter({ hasText: ANNOTATION.name }).waitFor();
    expect(await hits.count()).toBe(1);
    expect(await hits.first().getAttribute('data-matched')).toBe('name');
  });
});
