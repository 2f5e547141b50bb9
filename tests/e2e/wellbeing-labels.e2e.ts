/**
 * Content labels in the grid: a labelled photograph shows its label card (severity, tags) instead
 * of its thumbnail by default, the protective setting; once the reviewer turns the setting off on
 * the account page, the grid shows the (blurred) thumbnail again.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { api } from '../helpers/http.ts';
import { createToken } from '../helpers/world.ts';
import { hydrated, launchBrowser, newContext } from './browser.ts';
import { AMAL, collectionItems, prepareQueue, signIn } from './steps.ts';

describe('wellbeing: label cards in the grid', () => {
  let athar: Instance;
  let browser: Browser;
  let page: Page;
  let collectionId: string;
  let labelled: string;

  beforeAll(async () => {
    athar = await startInstance('sqlite');
    await prepareQueue(athar, [AMAL]);
    const token = await createToken(athar, AMAL.email);
    const listed = await collectionItems(athar, token);
    collectionId = listed.collectionId;
    labelled = listed.items[0]!.id;
    const res = await api(athar, token, 'PUT', `/api/items/${labelled}/labels`, {
      severity: 3,
      tags: ['face_visible']
    });
    expect(res.status).toBe(200);
    browser = await launchBrowser();
    ({ page } = await newContext(browser, athar.url));
    await signIn(page, AMAL);
  });

  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  const card = (id: string) => page.locator(`[role=option][data-id="${id}"]`);

  it('shows the label instead of the thumbnail by default, the thumbnail once the setting is off', async () => {
    await page.goto(`/collections/${collectionId}`);
    await expect
      .poll(() => card(labelled).getByTestId('label-card').textContent())
      .toContain('Severity 3 of 3');
    expect(await card(labelled).getByTestId('label-card').textContent()).toContain('Face visible');
    expect(await card(labelled).locator('img').count()).toBe(0);

    await page.goto('/account');
    await hydrated(page);
    const setting = page.getByLabel('show a photograph’s content label instead of its thumbnail');
    expect(await setting.isChecked()).toBe(true);
    await setting.uncheck();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();

    await page.goto(`/collections/${collectionId}`);
    await card(labelled).locator('img').waitFor();
    expect(await card(labelled).getByTestId('label-card').count()).toBe(0);
  });
});
