/**
 * Content labels in the grid: a labelled photograph shows its label card (severity, tags) instead
 * of its thumbnail by default, the protective setting; once the reviewer turns the setting off on
 * the account page, the grid shows the (blurred) thumbnail again. The queue page says what the
 * queue contains before anyone claims from it; the viewer shows the label and the written description
 * above the (still blurred) image.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { api } from '../helpers/http.ts';
import { createToken } from '../helpers/world.ts';
import { hydrated, launchBrowser, newContext } from './browser.ts';
import { AMAL, collectionItems, prepareQueue, CORA, signIn } from './steps.ts';

describe('wellbeing: label cards in the grid', () => {
  let athar: Instance;
  let browser: Browser;
  let page: Page;
  let collectionId: string;
  let labelled: string;
  let queueId: string;

  beforeAll(async () => {
    athar = await startInstance('sqlite');
    await prepareQueue(athar, [AMAL, CORA]);
    const token = await createToken(athar, AMAL.email);
    const listed = await collectionItems(athar, token);
    collectionId = listed.collectionId;
    labelled = listed.items[0]!.id;
    const res = await api(athar, token, 'PUT', `/api/items/${labelled}/labels`, {
      severity: 3,
      tags: ['face_visible']
    });
    expect(res.status).toBe(200);
    const amalId = (await api<{ id: string }>(athar, token, 'GET', '/api/me')).body.id;
    const queue = await api<{ id: string }>(
      athar,
      await createToken(athar, CORA.email),
      'POST',
      '/api/queues',
      {
        collectionId,
        name: 'Labelled batch',
        task: 'annotate',
        reviewsPerItem: 1,
        blind: false,
        memberIds: [amalId]
      }
    );
    expect(queue.status).toBe(201);
    queueId = queue.body.id;
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

  it('the queue page says what the queue contains', async () => {
    await page.goto(`/queues/${queueId}`);
    const contents = page.getByTestId('queue-contents');
    await contents.waitFor();
    expect(await contents.textContent()).toContain('severity 3: 1');
    expect(await contents.textContent()).toContain('Face visible ×1');
  });

  it('the viewer shows the label and the description before anything is revealed', async () => {
    const token = await createToken(athar, AMAL.email);
    const described = await api(athar, token, 'PUT', `/api/items/${labelled}/description`, {
      visible: 'Generated shapes, no real content',
      location: 'centre',
      severity: 3
    });
    expect(described.status).toBe(200);
    await page.goto(`/items/${labelled}`);
    const brief = page.getByTestId('content-brief');
    await brief.waitFor();
    expect(await brief.getByTestId('description-visible').textContent()).toBe(
      'Generated shapes, no real content'
    );
    expect(await brief.getByTestId('label-card').textContent()).toContain('Face visible');
  });

  it('a reviewer labels the photograph in the viewer', async () => {
    const editor = page.getByTestId('label-editor');
    // Folded to its summary line until opened.
    const summary = editor.getByTestId('label-summary');
    expect(await summary.textContent()).toBe('Content label: Severity 3 of 3 · Face visible');
    expect(await editor.getByLabel('Severity').isVisible()).toBe(false);
    await summary.click();
    await editor.getByLabel('Severity').selectOption('2');
    await editor.getByLabel('Child').check();
    await editor.getByRole('button', { name: 'Save label' }).click();
    const card = page.getByTestId('content-brief').getByTestId('label-card');
    // The body-less photo's own label is what counts: severity 2 now, with the tag added.
    await expect.poll(() => card.textContent()).toContain('Severity 2 of 3');
    expect(await card.textContent()).toContain('Child');
    await expect
      .poll(() => summary.textContent())
      .toBe('Content label: Severity 2 of 3 · Face visible · Child');
  });
});
