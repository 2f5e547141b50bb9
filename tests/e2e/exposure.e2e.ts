/**
 * The exposure ledger in real Chromium: a reviewer sets a soft daily limit in their account page,
 * has reached it today (a heartbeat of a minute unblurred), opens an item and is offered a break,
 * with today's minutes against the limit beside the viewer; dismissing it is recorded and the
 * prompt goes away. A coordinator's team page shows no individual figures without consent.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { query } from '../helpers/db.ts';
import { shapesJpeg } from '../helpers/images.ts';
import { hydrated, launchBrowser, newContext } from './browser.ts';
import { AMAL, prepare, signIn, type Person } from './steps.ts';

const COORDINATOR: Person = {
  name: 'Karim Coordinator',
  email: 'karim@example.org',
  password: 'staple battery horse',
  role: 'coordinator'
};

describe('the exposure ledger in the browser', () => {
  let athar: Instance;
  let browser: Browser;
  let page: Page;
  let item: string;

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    [item] = (await prepare(athar, [AMAL, COORDINATOR], 'Generated batch', {
      'generated.jpg': await shapesJpeg(800, 600)
    })) as [string];
    ({ page } = await newContext(browser, athar.url));
    await signIn(page, AMAL);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('sets the daily limit on the account page (protective default shown first)', async () => {
    await page.goto('/account');
    await hydrated(page);
    const limit = page.getByLabel(/Soft daily limit/);
    expect(await limit.inputValue()).toBe('120');
    expect(await page.getByLabel(/Coordinators may see my own daily totals/).isChecked()).toBe(false);
    await limit.fill('1');
    const form = page.locator('form[action="?/exposure"]');
    await form.getByRole('button', { name: 'Save limit and consent' }).click();
    await form.getByText('Saved.').waitFor();
    await page.reload();
    expect(await page.getByLabel(/Soft daily limit/).inputValue()).toBe('1');
  });

  it('offers a break once the limit is reached; dismissing it is recorded', async () => {
    const beat = await page.request.post('/api/me/exposure', {
      data: { itemId: item, seconds: 60 },
      headers: { origin: athar.url }
    });
    expect(beat.status()).toBe(200);
    await page.goto(`/items/${item}`);
    await hydrated(page);
    const prompt = page.getByRole('alertdialog', { name: 'Time for a break' });
    await prompt.waitFor();
    expect(await page.getByTestId('exposure-today').textContent()).toContain('Today 1 / 1 min');
    await prompt.getByRole('button', { name: 'Continue anyway' }).click();
    await prompt.waitFor({ state: 'detached' });
    const [row] = await query<{ breaks: number }>(athar, 'select breaks from exposure_days');
    expect(Number(row!.breaks)).toBe(1);
  });

  it('shows a coordinator no individual figures without consent', async () => {
    const { page: coordinator } = await newContext(browser, athar.url);
    await signIn(coordinator, COORDINATOR);
    const [collection] = await query<{ id: string }>(athar, 'select id from collections');
    await coordinator.goto(`/collections/${collection!.id}/exposure`);
    await coordinator.getByText('Reviewers with exposure: 1').waitFor();
    await coordinator.getByText(/Fewer than 3 people/).waitFor();
    expect(await coordinator.getByText(AMAL.name).count()).toBe(0);
  });
});
