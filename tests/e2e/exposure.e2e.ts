/**
 * The exposure ledger in real Chromium: a reviewer sets a soft daily limit in their account page,
 * has reached it today (a heartbeat of a minute unblurred), opens an item and is offered a break,
 * with today's minutes against the limit beside the viewer; dismissing it is recorded and the
 * prompt goes away. A coordinator's team page shows no individual figures without consent. On a
 * body page, revealing the photographs is counted too: the page's heartbeat names the body and the
 * server credits its seconds to the reviewer and the body's collection.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { query } from '../helpers/db.ts';
import { api } from '../helpers/http.ts';
import { shapesJpeg } from '../helpers/images.ts';
import { hydrated, launchBrowser, newContext } from './browser.ts';
import { createToken } from '../helpers/world.ts';
import { AMAL, BASSEL, prepare, signIn, type Person } from './steps.ts';

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
  let body: string;

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    const items = await prepare(athar, [AMAL, BASSEL, COORDINATOR], 'Generated batch', {
      'generated.jpg': await shapesJpeg(800, 600),
      'body-photo.jpg': await shapesJpeg(800, 600, 2)
    });
    item = items[0]!;
    const [collection] = await query<{ id: string }>(athar, 'select id from collections');
    const made = await api<{ id: string }>(
      athar,
      await createToken(athar, COORDINATOR.email),
      'POST',
      '/api/bodies',
      { collectionId: collection!.id, itemIds: items }
    );
    expect(made.status).toBe(201);
    body = made.body.id;
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

  it('counts the seconds a body page shows its photographs revealed, through the server', async () => {
    const { page: bassel } = await newContext(browser, athar.url);
    await signIn(bassel, BASSEL);
    // The page's clock is driven by the test: the heartbeat every 30 s comes without waiting for it.
    await bassel.clock.install();
    await bassel.goto(`/bodies/${body}`);
    await hydrated(bassel);
    const ledger = bassel.getByTestId('exposure-today');
    await ledger.getByText('Today 0 / 120 min').waitFor();
    const photos = bassel.getByTestId('body-photos').locator('img');
    await photos.nth(1).waitFor();
    const filters = () => photos.evaluateAll((images) => images.map((img) => getComputedStyle(img).filter));
    expect((await filters()).every((filter) => /blur\(/.test(filter))).toBe(true);
    await bassel.getByRole('button', { name: 'Reveal', exact: true }).click();
    await bassel.getByRole('button', { name: 'Reveal', exact: true, pressed: true }).waitFor();
    await expect.poll(filters).toEqual(['none', 'none']);

    const sent = bassel.waitForRequest(
      (request) => request.method() === 'POST' && new URL(request.url()).pathname === '/api/me/exposure'
    );
    await bassel.clock.runFor(30_000);
    const request = await sent;
    expect(request.postDataJSON()).toEqual({ bodyId: body, seconds: 30 });
    const answer = await request.response();
    expect(((await answer!.json()) as { credited: number }).credited).toBe(30);

    const [who] = await query<{ id: string }>(athar, 'select id from users where email = ?', [BASSEL.email]);
    const [collection] = await query<{ id: string }>(athar, 'select id from collections');
    const credited = () =>
      query<{ collection_id: string; seconds: number }>(
        athar,
        'select collection_id, seconds from exposure_collections where user_id = ?',
        [who!.id]
      );
    await expect.poll(credited).toEqual([{ collection_id: collection!.id, seconds: 30 }]);
  });
});
