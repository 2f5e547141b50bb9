/**
 * A queue that requires viewing together, in real Chromium: Cora sets the rule on the queue's
 * dashboard; Bassel opens a severity-3 item of that queue on his work page, is told it is to be
 * viewed together, has no reveal of his own (the image stays blurred), and the server refuses his
 * reveal for a session he is alone in.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { api, call } from '../helpers/http.ts';
import { next } from '../helpers/review-world.ts';
import { createToken } from '../helpers/world.ts';
import { hydrated, imageFilter, launchBrowser, newContext } from './browser.ts';
import { BASSEL, collectionItems, prepareQueue, CORA, signIn } from './steps.ts';

describe('a queue that requires viewing together', () => {
  let athar: Instance;
  let browser: Browser;
  let cora: Page;
  let bassel: Page;
  let queueId: string;

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    await prepareQueue(athar, [BASSEL, CORA]);
    const coraToken = await createToken(athar, CORA.email);
    const { collectionId, items } = await collectionItems(athar, coraToken);
    const basselId = (
      await api<{ id: string }>(athar, await createToken(athar, BASSEL.email), 'GET', '/api/me')
    ).body.id;
    const queue = await api<{ id: string }>(athar, coraToken, 'POST', '/api/queues', {
      collectionId,
      name: 'Graphic batch',
      task: 'annotate',
      reviewsPerItem: 1,
      blind: false,
      memberIds: [basselId],
      itemIds: [items[0]!.id]
    });
    expect(queue.status).toBe(201);
    queueId = queue.body.id;
    const labelled = await call(
      athar,
      coraToken,
      `/api/items/${items[0]!.id}/labels`,
      { severity: 3, tags: [] },
      'PUT'
    );
    expect(labelled.status).toBe(200);
    ({ page: cora } = await newContext(browser, athar.url));
    ({ page: bassel } = await newContext(browser, athar.url));
    await Promise.all([signIn(cora, CORA), signIn(bassel, BASSEL)]);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('the coordinator sets the rule on the dashboard', async () => {
    await cora.goto(`/queues/${queueId}/dashboard`);
    await hydrated(cora);
    const rule = cora.getByTestId('coview-rule');
    await rule.getByLabel('Require viewing together').selectOption('2');
    await rule.getByRole('button', { name: 'Save rule' }).click();
    await cora.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    const queue = await cora.request.get(`/api/queues/${queueId}`);
    expect(((await queue.json()) as { coviewFromSeverity: number }).coviewFromSeverity).toBe(2);
  });

  it('the reviewer is told, cannot reveal alone, and the server refuses a lone session reveal', async () => {
    const assignment = (await next(athar, await createToken(athar, BASSEL.email), queueId))!;
    await bassel.goto(`/queues/${queueId}/work/${assignment.id}`);
    await hydrated(bassel);
    await bassel.locator('[data-testid=viewer][data-opened=true]').waitFor();
    await bassel.getByTestId('coview-required').waitFor();
    expect(await bassel.getByRole('button', { name: 'Reveal', exact: true }).count()).toBe(0);
    expect(await imageFilter(bassel)).toMatch(/blur\(/);

    const panel = bassel.getByTestId('coview');
    await panel.getByRole('button', { name: 'View together' }).click();
    await panel.getByRole('button', { name: 'Reveal for everyone' }).click();
    await panel.getByRole('alert').getByText('reveal once someone has joined', { exact: false }).waitFor();
    expect(await imageFilter(bassel)).toMatch(/blur\(/);
  });
});
