/**
 * Managing a queue in real Chromium, from its dashboard: the coordinator pauses it (a reviewer's
 * Next is refused) and reopens it, sets its due date, hands a skipped item back to the reviewer who
 * skipped it (the per-item table shows the skip and then the item in progress again), and removes
 * a reviewer (their item in progress goes back to the pool). The reviewers work through the API
 * here, as the queue e2e test already drives their pages.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { api, call } from '../helpers/http.ts';
import { createToken } from '../helpers/world.ts';
import { hydrated, launchBrowser, newContext, submit } from './browser.ts';
import { collectionItems, prepareQueue, signIn, type Person } from './steps.ts';

const COORDINATOR: Person = {
  name: 'Lina Coordinator',
  email: 'lina@example.org',
  password: 'staple battery horse',
  role: 'coordinator'
};
const HADI: Person = {
  name: 'Hadi Reviewer',
  email: 'hadi@example.org',
  password: 'correct horse battery',
  role: 'reviewer'
};
const MAYA: Person = {
  name: 'Maya Reviewer',
  email: 'maya@example.org',
  password: 'battery staple correct',
  role: 'reviewer'
};

type Next = { assignment: { id: string; itemId: string } };

describe('managing a queue in the browser', () => {
  let athar: Instance;
  let browser: Browser;
  let page: Page;
  let queueId = '';
  const tokens: Record<string, string> = {};

  const nextFor = (who: Person) =>
    call(athar, tokens[who.email]!, `/api/queues/${queueId}/next`, undefined, 'POST');

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    await prepareQueue(athar, [COORDINATOR, HADI, MAYA]);
    for (const who of [COORDINATOR, HADI, MAYA]) tokens[who.email] = await createToken(athar, who.email);
    const { collectionId } = await collectionItems(athar, tokens[COORDINATOR.email]!);
    const me = async (who: Person) =>
      (await api<{ id: string }>(athar, tokens[who.email]!, 'GET', '/api/me')).body.id;
    const created = await api<{ id: string }>(athar, tokens[COORDINATOR.email]!, 'POST', '/api/queues', {
      collectionId,
      name: 'Generated batch, managed',
      task: 'annotate',
      reviewsPerItem: 1,
      blind: false,
      memberIds: [await me(HADI), await me(MAYA)]
    });
    expect(created.status).toBe(201);
    queueId = created.body.id;
    ({ page } = await newContext(browser, athar.url));
    await signIn(page, COORDINATOR);
    await page.goto(`/queues/${queueId}/dashboard`);
    await hydrated(page);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  const manage = () => page.getByTestId('queue-manage');

  it('pauses the queue (Next is refused) and reopens it', async () => {
    await submit(page, 200, () => manage().getByRole('button', { name: 'Pause' }).click());
    await expect.poll(() => manage().getByTestId('queue-state').textContent()).toBe('Paused');
    expect(await page.getByTestId('queue-not-open').textContent()).toBe('Paused');
    expect((await nextFor(HADI)).status).toBe(409);
    await submit(page, 200, () => manage().getByRole('button', { name: 'Reopen' }).click());
    await expect.poll(() => manage().getByTestId('queue-state').textContent()).toBe('Open');
  });

  it('sets the due date', async () => {
    await manage().getByLabel('Due date').fill('2027-03-01');
    await submit(page, 200, () => manage().getByRole('button', { name: 'Save due date' }).click());
    // The dashboard's locale is English, formatted as en-GB (src/lib/i18n/format.ts): Intl's medium date.
    await page.getByText('due 1 Mar 2027').waitFor();
  });

  it('hands a skipped item back to the reviewer who skipped it', async () => {
    const first = (await (await nextFor(HADI)).json()) as Next;
    const skipped = await call(athar, tokens[HADI.email]!, `/api/assignments/${first.assignment.id}/skip`, {
      reason: 'needs better light'
    });
    expect(skipped.status).toBe(200);
    await page.reload();
    const row = page.getByTestId('item-table').locator(`tr[data-item="${first.assignment.itemId}"]`);
    await row.getByText('skipped').waitFor();
    await row.getByText('needs better light').waitFor();
    await submit(page, 200, () => row.getByRole('button', { name: 'Hand back' }).click());
    await row.getByText('handed back').waitFor();

    const again = (await (await nextFor(HADI)).json()) as Next;
    expect(again.assignment.itemId).toBe(first.assignment.itemId);
    await page.reload();
    await row.getByText('in progress').waitFor();
  });

  it('removes a reviewer; their item in progress returns to the pool', async () => {
    const held = (await (await nextFor(MAYA)).json()) as Next;
    await page.reload();
    const members = page.getByTestId('queue-members');
    const maya = members.getByRole('listitem').filter({ hasText: MAYA.name });
    await submit(page, 200, () => maya.getByRole('button', { name: 'Remove' }).click());
    await expect.poll(() => members.getByText(MAYA.name).count()).toBe(0);
    expect((await nextFor(MAYA)).status).toBe(403);
    const row = page.getByTestId('item-table').locator(`tr[data-item="${held.assignment.itemId}"]`);
    await row.getByText('released').waitFor();
    // Maya can be added back from the collection's members.
    await manage().getByLabel('Add a reviewer').selectOption({ label: MAYA.name });
    await submit(page, 200, () => manage().getByRole('button', { name: 'Add', exact: true }).click());
    await members.getByText(MAYA.name).waitFor();
  });
});
