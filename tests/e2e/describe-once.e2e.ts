/**
 * Describe once in real Chromium. Amal is the first to reveal an undescribed photograph: a gentle
 * prompt asks her to describe it; "Not now" is remembered; she describes it in the viewer and the
 * description shows above the (blurred) image. In a blind queue, Bassel's work page shows the
 * content label and says a colleague has described the item, without its text, until he has
 * submitted; then it shows the description.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { api, call } from '../helpers/http.ts';
import { act, next } from '../helpers/review-world.ts';
import { createToken } from '../helpers/world.ts';
import { hydrated, launchBrowser, newContext } from './browser.ts';
import { AMAL, BASSEL, collectionItems, prepareQueue, CORA, signIn } from './steps.ts';

async function openViewer(page: Page, path: string) {
  await page.goto(path);
  await hydrated(page);
  await page.locator('[data-testid=viewer][data-opened=true]').waitFor();
}

describe('describe once in the browser', () => {
  let athar: Instance;
  let browser: Browser;
  let amal: Page;
  let bassel: Page;
  let items: string[];
  let collectionId: string;

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    await prepareQueue(athar, [AMAL, BASSEL, CORA]);
    const listed = await collectionItems(athar, await createToken(athar, AMAL.email));
    collectionId = listed.collectionId;
    items = listed.items.map((i) => i.id);
    ({ page: amal } = await newContext(browser, athar.url));
    ({ page: bassel } = await newContext(browser, athar.url));
    await Promise.all([signIn(amal, AMAL), signIn(bassel, BASSEL)]);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('the first to reveal is prompted; "Not now" is remembered', async () => {
    await openViewer(amal, `/items/${items[0]}`);
    expect(await amal.getByTestId('describe-prompt').count()).toBe(0);
    await amal.getByRole('button', { name: 'Reveal', exact: true }).click();
    const prompt = amal.getByTestId('describe-prompt');
    await prompt.getByText('You are the first to see this unblurred.', { exact: false }).waitFor();
    await prompt.getByRole('button', { name: 'Not now' }).click();
    await prompt.waitFor({ state: 'detached' });
    await openViewer(amal, `/items/${items[0]}`);
    await amal.getByRole('button', { name: 'Reveal', exact: true }).click();
    await amal.getByTestId('describe-open').waitFor();
    expect(await amal.getByTestId('describe-prompt').count()).toBe(0);
  });

  it('she describes the photograph in the viewer and reads it above the image', async () => {
    await amal.getByRole('button', { name: 'Describe this photograph' }).click();
    const form = amal.getByTestId('description-form');
    await form.getByLabel('What is visible').fill('Generated circles, no real content');
    await form.getByLabel('Where').fill('centre of the image');
    await form.getByLabel('Severity').selectOption('2');
    await form.getByRole('button', { name: 'Save description' }).click();
    const brief = amal.getByTestId('content-brief');
    await expect
      .poll(() => brief.getByTestId('description-visible').textContent())
      .toBe('Generated circles, no real content');
    expect(await brief.textContent()).toContain('Severity 2 of 3');
    await amal.getByRole('button', { name: 'Correct the description' }).waitFor();
  });

  it('the prompt asks only about an undescribed photograph', async () => {
    await openViewer(bassel, `/items/${items[0]}`);
    await bassel.getByRole('button', { name: 'Reveal', exact: true }).click();
    await bassel.getByRole('button', { name: 'Correct the description' }).waitFor();
    expect(await bassel.getByTestId('describe-prompt').count()).toBe(0);
  });

  it('a blind work page shows the label, and the description only after the submit', async () => {
    const amalToken = await createToken(athar, AMAL.email);
    const basselToken = await createToken(athar, BASSEL.email);
    const ids = await Promise.all(
      [amalToken, basselToken].map(
        async (token) => (await api<{ id: string }>(athar, token, 'GET', '/api/me')).body.id
      )
    );
    const queue = await api<{ id: string }>(
      athar,
      await createToken(athar, CORA.email),
      'POST',
      '/api/queues',
      {
        collectionId,
        name: 'Blind generated',
        task: 'annotate',
        reviewsPerItem: 2,
        blind: true,
        memberIds: ids,
        itemIds: [items[1]]
      }
    );
    expect(queue.status).toBe(201);
    const first = (await next(athar, amalToken, queue.body.id))!;
    const label = { severity: 3, tags: ['face_visible'] };
    expect((await call(athar, amalToken, `/api/items/${first.itemId}/labels`, label, 'PUT')).status).toBe(
      200
    );
    const text = { visible: 'Generated squares only', location: 'top edge', severity: 3 };
    expect((await call(athar, amalToken, `/api/items/${first.itemId}/description`, text, 'PUT')).status).toBe(
      200
    );

    const second = (await next(athar, basselToken, queue.body.id))!;
    const work = `/queues/${queue.body.id}/work/${second.id}`;
    await openViewer(bassel, work);
    await bassel
      .getByTestId('description-hidden')
      .getByText('A colleague has described this already.', { exact: false })
      .waitFor();
    expect(await bassel.getByTestId('label-card').textContent()).toContain('Face visible');
    expect(await bassel.getByTestId('description-visible').count()).toBe(0);
    expect(await bassel.content()).not.toContain('Generated squares only');

    expect((await act(athar, basselToken, second.id, 'submit')).status).toBe(200);
    await openViewer(bassel, work);
    await expect
      .poll(() => bassel.getByTestId('description-visible').textContent())
      .toBe('Generated squares only');
  });
});
