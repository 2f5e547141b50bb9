/**
 * Review queues in real Chromium: a coordinator creates a blind queue (two reviews per item) in the
 * browser; two reviewers, each in a context of their own, find it under "Queues", read its content
 * note and press N; neither can open the other's work view; they submit (S, then a confirmation
 * that names the item and its findings; Enter alone submits nothing), are told it is submitted, go
 * on to their next item, skip and flag it with reasons, and are told nothing is left. The
 * coordinator's dashboard then shows progress, throughput, the flags and skips with their reasons,
 * and the agreement between the two reviews. Arabic (right to left) is driven too.
 *
 * The reviewers draw their findings in the work view, on their own blind layers, with the real mouse.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolate } from '../../src/lib/i18n/bidi.ts';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { hydrated, launchBrowser, newContext, screenshot, submit } from './browser.ts';
import { api } from '../helpers/http.ts';
import { createToken } from '../helpers/world.ts';
import {
  collectionItems,
  drawRectangle,
  QUEUE_PHOTOS,
  prepareQueue,
  setField,
  settle,
  signIn,
  type Person
} from './steps.ts';

const COORDINATOR: Person = {
  name: 'Karim Coordinator',
  email: 'karim@example.org',
  password: 'staple battery horse',
  role: 'coordinator'
};
const RANA: Person = {
  name: 'Rana Haddad',
  email: 'rana@example.org',
  password: 'correct horse battery',
  role: 'reviewer',
  expert: true
};
const OMAR: Person = {
  name: 'Omar Saleh',
  email: 'omar@example.org',
  password: 'battery staple correct',
  role: 'reviewer'
};
const QUEUE = 'Body photographs, batch 1';
const NOTE = 'Photographs of bodies with visible injuries. Take breaks.';

const workUrl = /^\/queues\/[a-z2-7]{24}\/work\/([a-z2-7]{24})$/;

describe('review queues in the browser', () => {
  let athar: Instance;
  let browser: Browser;
  let coordinator: Page;
  let rana: Page;
  let omar: Page;
  let collectionId: string;
  let queueId = '';
  const work: Record<string, { assignmentId: string; url: string }> = {};

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    await prepareQueue(athar, [COORDINATOR, RANA, OMAR]);
    ({ collectionId } = await collectionItems(athar, await createToken(athar, RANA.email)));
    ({ page: coordinator } = await newContext(browser, athar.url));
    ({ page: rana } = await newContext(browser, athar.url));
    ({ page: omar } = await newContext(browser, athar.url));
    await Promise.all([signIn(coordinator, COORDINATOR), signIn(rana, RANA), signIn(omar, OMAR)]);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('lets a coordinator create a blind queue of two reviews per item', async () => {
    expect(
      await coordinator
        .getByRole('navigation', { name: 'main' })
        .getByRole('link', { name: 'Queues' })
        .count()
    ).toBe(0);
    await coordinator.goto(`/collections/${collectionId}`);
    await coordinator.getByRole('link', { name: 'New queue' }).click();
    await coordinator.waitForURL(`**/collections/${collectionId}/queues/new`);
    await hydrated(coordinator);
    await coordinator.getByLabel('Name').fill(QUEUE);
    await coordinator.getByLabel('Annotate injuries').check();
    await coordinator.getByLabel('Reviews per item').selectOption('2');
    expect(await coordinator.getByLabel('Blind review').isChecked()).toBe(true);
    await coordinator.getByLabel(RANA.name).check();
    await coordinator.getByLabel(OMAR.name).check();
    expect(await coordinator.getByLabel(COORDINATOR.name).isChecked()).toBe(false);
    await coordinator.getByLabel(`All ready items of the collection (${QUEUE_PHOTOS.names.length})`).check();
    await coordinator.getByLabel('Content note for reviewers').fill(NOTE);
    await screenshot(coordinator, 'queue-new-en');
    await submit(coordinator, 303, () => coordinator.getByRole('button', { name: 'Create queue' }).click());
    await coordinator.waitForURL(/\/queues\/[a-z2-7]{24}\/dashboard$/);
    queueId = new URL(coordinator.url()).pathname.split('/')[2]!;
    await coordinator.getByRole('heading', { name: `Dashboard: ${QUEUE}` }).waitFor();
    expect(await coordinator.getByTestId('progress').textContent()).toContain('Remaining: 4');
    expect(
      await coordinator
        .getByRole('navigation', { name: 'main' })
        .getByRole('link', { name: 'Queues' })
        .count()
    ).toBe(1);
  });

  it('shows reviewers the queue and its content note, and N hands out the next item', async () => {
    for (const [page, who] of [
      [rana, 'rana'],
      [omar, 'omar']
    ] as const) {
      await page.goto('/');
      await page.getByRole('link', { name: 'Queues' }).click();
      await page.waitForURL('**/queues');
      await page.getByRole('link', { name: QUEUE }).click();
      await page.waitForURL(`**/queues/${queueId}`);
      await page.getByText(NOTE).waitFor();
      if (who === 'rana') await screenshot(page, 'queue-page-en');
      await hydrated(page);
      await page.keyboard.press('n');
      await page.waitForURL((url) => workUrl.test(url.pathname));
      const url = new URL(page.url()).pathname;
      work[who] = { assignmentId: workUrl.exec(url)![1]!, url };
      await page.locator('[data-testid=viewer][data-opened=true]').waitFor();
    }
    expect(work.rana!.assignmentId).not.toBe(work.omar!.assignmentId);
    // Both have the first item: two reviews of it are wanted.
    for (const page of [rana, omar])
      await page.getByRole('heading', { name: QUEUE_PHOTOS.names[0] }).waitFor();
  });

  it('keeps blind layers apart: nobody else opens a reviewer’s work view', async () => {
    const other = await newContext(browser, athar.url);
    try {
      await signIn(other.page, OMAR);
      const response = await other.page.goto(work.rana!.url);
      expect(response?.status()).toBe(404);
      const coordinatorView = await coordinator.goto(work.rana!.url);
      expect(coordinatorView?.status()).toBe(404);
    } finally {
      await other.context.close();
    }
  });

  it('submits after a confirmation, says so, goes on to the next item, and skips or flags it with a reason', async () => {
    const finished = (url: URL) => url.pathname === `/queues/${queueId}` && url.searchParams.has('finished');
    // Both wait for the annotation view on their own blind layer.
    for (const page of [rana, omar]) {
      await page.locator('[data-testid=annotation-bar][data-ready=true]').waitFor();
      await page.locator('[data-testid=sync-status][data-status=connected]').waitFor();
    }
    // The same contusion by both (Rana, an expert, gives a consistency level); Omar also marks an abrasion.
    await drawRectangle(rana, { x: 520, y: 380 }, { x: 720, y: 540 });
    await setField(rana, 'Lesion type', 'contusion');
    await setField(rana, 'Consistency (Istanbul Protocol)', 'consistent');
    await drawRectangle(omar, { x: 530, y: 390 }, { x: 730, y: 550 });
    await setField(omar, 'Lesion type', 'contusion');
    await drawRectangle(omar, { x: 1000, y: 260 }, { x: 1220, y: 330 });
    await setField(omar, 'Lesion type', 'abrasion');
    await Promise.all([settle(rana), settle(omar)]);
    await screenshot(rana, 'work-view-en');

    // Rana continues in Arabic: S submits, then K skips with a reason.
    await rana.getByRole('link', { name: 'العربية' }).click();
    await rana.locator('html[lang=ar][dir=rtl]').waitFor({ state: 'attached' });
    await rana.locator('[data-testid=viewer][data-opened=true]').waitFor();
    await hydrated(rana);
    await screenshot(rana, 'work-view-ar');
    await settle(rana);
    await rana.keyboard.press('s');
    const confirmRana = rana.getByTestId('submit-dialog');
    expect(await confirmRana.getByTestId('submit-summary').textContent()).toContain(
      `إرسال مراجعتك لـ ${isolate(QUEUE_PHOTOS.names[0]!)}: 1 نتيجة.`
    );
    await confirmRana.getByRole('button', { name: 'إرسال' }).click();
    await rana.getByTestId('work-submitted').getByText('أُرسلت').waitFor();
    await rana.getByRole('button', { name: 'العنصر التالي' }).click();
    await rana.waitForURL((url) => workUrl.test(url.pathname) && url.pathname !== work.rana!.url);
    await rana.getByRole('heading', { name: QUEUE_PHOTOS.names[1] }).waitFor();
    await hydrated(rana);
    await rana.keyboard.press('k');
    const skip = rana.getByTestId('reason-dialog');
    await skip.getByLabel('السبب').fill('الصورة مظلمة جداً للتقييم');
    await skip.getByLabel('السبب').press('Enter');
    await rana.waitForURL(finished);
    await rana.getByText('لم يبقَ لك شيء في هذه القائمة').waitFor();
    await screenshot(rana, 'queue-page-ar');

    // Omar: Enter alone submits nothing; S asks, naming his two findings; F flags with a reason.
    await omar.keyboard.press('Enter');
    await omar.keyboard.press('s');
    const confirmOmar = omar.getByTestId('submit-dialog');
    expect(await confirmOmar.getByTestId('submit-summary').textContent()).toContain(
      `Submit your review of ${QUEUE_PHOTOS.names[0]}: 2 finding(s).`
    );
    expect(omar.url()).toContain(work.omar!.url);
    await confirmOmar.getByRole('button', { name: 'Submit' }).click();
    const submitted = omar.getByTestId('work-submitted');
    await submitted.getByText(`Submitted: your review of ${QUEUE_PHOTOS.names[0]} is saved`).waitFor();
    await screenshot(omar, 'work-submitted-en');
    await submitted.getByRole('button', { name: 'Next item' }).click();
    await omar.waitForURL((url) => workUrl.test(url.pathname) && url.pathname !== work.omar!.url);
    await hydrated(omar);
    await omar.keyboard.press('f');
    const flag = omar.getByTestId('reason-dialog');
    await flag.getByLabel('Reason').fill('Possible duplicate of body-a');
    await flag.getByRole('button', { name: 'Flag' }).click();
    await omar.waitForURL(finished);
    await omar.getByText('Nothing left for you in this queue').waitFor();
    expect(await omar.getByTestId('my-progress').textContent()).toContain(
      'submitted 1, skipped 0 and flagged 1'
    );

    // A submitted review is closed: its page says so and offers no actions.
    await rana.goto(work.rana!.url);
    await rana.getByText('أرسلتَ هذه المراجعة').waitFor();
    expect(await rana.getByTestId('work-actions').count()).toBe(0);
  });

  it('shows the coordinator progress, throughput, flags and skips, and agreement', async () => {
    await coordinator.goto(`/queues/${queueId}/dashboard`);
    const progress = (await coordinator.getByTestId('progress').first().textContent()) ?? '';
    expect(progress).toContain('Done: 2');
    expect(progress).toContain('Remaining: 2');
    const perReviewer = coordinator.getByTestId('per-reviewer');
    const counts = (name: string) => perReviewer.getByRole('row', { name }).locator('td').allTextContents();
    // submitted, in progress, skipped, flagged
    expect(await counts(RANA.name)).toEqual(['1', '0', '1', '0']);
    expect(await counts(OMAR.name)).toEqual(['1', '0', '0', '1']);
    expect(await coordinator.getByTestId('throughput').locator('rect.column').count()).toBe(1);
    const flags = coordinator.getByTestId('flags');
    await flags.getByText('Possible duplicate of body-a').waitFor();
    await flags.getByText('الصورة مظلمة جداً للتقييم').waitFor();
    // One matched pair of three regions: F1 = 2·1/(1+2); the same lesion type; only one gave a level.
    const overall = coordinator.getByTestId('agreement').getByRole('row', { name: /All reviewers/ });
    expect(await overall.locator('[data-stat=f1]').textContent()).toBe('0.67');
    expect(await overall.locator('[data-stat=kappa]').textContent()).toBe('1.00');
    expect(await overall.locator('[data-stat=weighted-kappa]').textContent()).toBe('—');
    await coordinator.getByText('How to read these figures').waitFor();
    await coordinator.getByTestId('complete-items').getByText(QUEUE_PHOTOS.names[0]!).waitFor();
    await screenshot(coordinator, 'dashboard-en');

    const arabic = await newContext(browser, athar.url, 'ar');
    try {
      await signIn(arabic.page, COORDINATOR);
      await arabic.page.goto(`/queues/${queueId}/dashboard`);
      await arabic.page.locator('html[lang=ar][dir=rtl]').waitFor({ state: 'attached' });
      await arabic.page.getByRole('heading', { name: `لوحة المتابعة: ${QUEUE}` }).waitFor();
      await arabic.page.getByText('الاتفاق بين المراجعين').waitFor();
      await screenshot(arabic.page, 'dashboard-ar');
    } finally {
      await arabic.context.close();
    }
  });
  it('lets each reviewer transcribe in their own layer, and compares them by character error rate', async () => {
    const token = await createToken(athar, COORDINATOR.email);
    const member = async (who: Person) =>
      (await api<{ id: string }>(athar, await createToken(athar, who.email), 'GET', '/api/me')).body.id;
    const created = await api<{ id: string }>(athar, token, 'POST', '/api/queues', {
      collectionId,
      name: 'Identity cards, transcription',
      task: 'transcribe',
      reviewsPerItem: 2,
      blind: true,
      memberIds: [await member(RANA), await member(OMAR)],
      filter: { kind: 'photo' }
    });
    expect(created.status).toBe(201);
    const texts = { rana: 'Detainee 1234, branch 215', omar: 'Detainee 1243, branch 215' };
    for (const [page, who] of [
      [rana, 'rana'],
      [omar, 'omar']
    ] as const) {
      await page.goto(`/queues/${created.body.id}`);
      await hydrated(page);
      await page.keyboard.press('n');
      await page.waitForURL((url) => workUrl.test(url.pathname));
      const current = new URL(page.url()).pathname;
      await page.locator('.editor-frame[data-ready=true]').waitFor();
      await page.locator('[data-testid=transcription-editor]').click();
      await page.keyboard.type(texts[who]);
      await page.getByLabel(/Detainee number|رقم المعتقل/).fill(who === 'rana' ? '1234' : '1243');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      if (who === 'omar') await screenshot(page, 'work-view-transcribe-en');
      await page.keyboard.press('s');
      // A transcription names no findings: the confirmation names the item.
      const confirm = page.getByTestId('submit-dialog');
      expect(await confirm.getByTestId('submit-summary').textContent()).toMatch(/body-a\.jpg|body-b\.jpg/);
      await confirm.locator('[data-action=submit-confirm]').click();
      await page.getByTestId('work-submitted').getByRole('button').click();
      await page.waitForURL((url) => url.pathname !== current);
    }
    // Two transposed digits in 25 characters: 2 / 25.
    const overall = coordinator.getByTestId('agreement').getByRole('row', { name: /All reviewers/ });
    await expect
      .poll(
        async () => {
          await coordinator.goto(`/queues/${created.body.id}/dashboard`);
          return overall.locator('td').last().textContent();
          // Each try reloads the whole dashboard (progress, agreement, the per-item table): on a busy
          // machine one load alone can outlast the poll's default second.
        },
        { timeout: 30_000, interval: 500 }
      )
      .toBe('0.08');
    await coordinator.getByText('Character error rate: how many characters differ').waitFor();
  });
});
