/**
 * Adjudication in real Chromium: once an item has both its blind reviews, a forensic expert and an
 * administrator open its adjudication view together (one in English, one in Arabic). The review
 * layers are overlaid in their colours and their findings grouped: a matched pair whose consistency
 * levels differ, and a finding each reviewer alone made. The expert accepts the pair (Rana's
 * version), the administrator rejects one of the lone findings with the keyboard, giving the reason
 * a rejection needs; each sees the other's decision live (with its reason), and the shared layer then
 * holds the accepted finding with its sources, exported with them and the decision.
 *
 * The queue, the claims and the blind layers are made through the API and the stock y-websocket
 * provider in Node (queue.e2e.ts drives those screens).
 */
import type { Browser, Page } from 'playwright-core';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolate } from '../../src/lib/i18n/bidi.ts';
import { startInstance, type Instance } from '../helpers/athar.ts';
import type { Role } from '../helpers/world.ts';
import { join } from '../helpers/collab.ts';
import { hydrated, launchBrowser, newContext, screenshot } from './browser.ts';
import { api } from '../helpers/http.ts';
import { createToken } from '../helpers/world.ts';
import {
  collectionItems,
  QUEUE_PHOTOS,
  prepareQueue,
  rect,
  signIn,
  writeLayer,
  type Person
} from './steps.ts';

const person = (name: string, email: string, role: Role, expert = false): Person => ({
  name,
  email,
  password: `${email} correct horse`,
  role,
  expert
});
const COORDINATOR = person('Karim Coordinator', 'karim@example.org', 'coordinator');
const RANA = person('Rana Haddad', 'rana@example.org', 'reviewer', true);
// Both reviewers are experts: the socket takes the consistency opinion from experts only.
const OMAR = person('Omar Saleh', 'omar@example.org', 'reviewer', true);
/** A reviewer of the collection without the expert flag: not an adjudicator. */
const HIBA = person('Hiba Reviewer', 'hiba@example.org', 'reviewer');
const NADIA = person('Dr Nadia Expert', 'nadia@example.org', 'reviewer', true);
const SAMI = person('Sami Admin', 'sami@example.org', 'admin');

const group = (page: Page, annotationId: string) =>
  page.locator(`[data-testid=finding-group][data-group*=":${annotationId}"]`);

describe('adjudication of blind reviews', () => {
  let athar: Instance;
  let browser: Browser;
  let nadia: Page;
  let sami: Page;
  let token: Record<string, string>;
  let itemId: string;
  let queueId: string;
  const assignments: Record<string, string> = {};

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    await prepareQueue(athar, [COORDINATOR, RANA, OMAR, HIBA, NADIA, SAMI]);
    token = {
      karim: await createToken(athar, COORDINATOR.email),
      rana: await createToken(athar, RANA.email),
      omar: await createToken(athar, OMAR.email),
      nadia: await createToken(athar, NADIA.email)
    };
    const me = async (who: string) =>
      (await api<{ id: string }>(athar, token[who]!, 'GET', '/api/me')).body.id;
    const ids = { rana: await me('rana'), omar: await me('omar') };
    const { collectionId, items } = await collectionItems(athar, token.karim!);
    itemId = items.find((i) => i.originalName === QUEUE_PHOTOS.names[0])!.id;
    const queue = await api<{ id: string }>(athar, token.karim!, 'POST', '/api/queues', {
      collectionId,
      name: 'Adjudication batch',
      task: 'annotate',
      itemIds: [itemId],
      reviewsPerItem: 2,
      blind: true,
      memberIds: [ids.rana, ids.omar]
    });
    expect(queue.status).toBe(201);
    queueId = queue.body.id;

    const layers = {
      // A contusion both found (consistency one step apart), and a laceration only Rana marked.
      rana: [
        {
          id: 'r1',
          target: rect(520, 380, 200, 160),
          finding: { lesionType: 'contusion', consistency: 'consistent' }
        },
        { id: 'r2', target: rect(1000, 690, 220, 60), finding: { lesionType: 'laceration', notes: 'linear' } }
      ],
      // The same contusion, and an abrasion only Omar marked.
      omar: [
        {
          id: 'o1',
          target: rect(530, 392, 196, 158),
          finding: { lesionType: 'contusion', consistency: 'highly_consistent' }
        },
        { id: 'o2', target: rect(200, 200, 120, 90), finding: { lesionType: 'abrasion' } }
      ]
    };
    for (const who of ['rana', 'omar'] as const) {
      const next = await api<{ assignment: { id: string; room: string } }>(
        athar,
        token[who]!,
        'POST',
        `/api/queues/${queueId}/next`
      );
      expect(next.status).toBe(200);
      assignments[who] = next.body.assignment.id;
      await writeLayer(athar, token[who]!, next.body.assignment.room, ids[who], layers[who]);
      const submitted = await api(
        athar,
        token[who]!,
        'POST',
        `/api/assignments/${next.body.assignment.id}/submit`
      );
      expect(submitted.status).toBe(200);
    }

    ({ page: nadia } = await newContext(browser, athar.url));
    ({ page: sami } = await newContext(browser, athar.url, 'ar'));
    await Promise.all([signIn(nadia, NADIA), signIn(sami, SAMI)]);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('opens for adjudicators only, with the reviews overlaid and grouped', async () => {
    const url = `/queues/${queueId}/adjudicate/${itemId}`;
    const reviewer = await newContext(browser, athar.url);
    try {
      await signIn(reviewer.page, HIBA);
      expect((await reviewer.page.goto(url))?.status()).toBe(403);
    } finally {
      await reviewer.context.close();
    }
    // The expert is not one of the queue's reviewers: the header's Queues page lists it for adjudication.
    await nadia.goto('/');
    await nadia.getByRole('navigation', { name: 'main' }).getByRole('link', { name: 'Queues' }).click();
    await nadia.getByRole('link', { name: 'Adjudication batch' }).click();
    await nadia.getByRole('link', { name: QUEUE_PHOTOS.names[0] }).click();
    await nadia.waitForURL(`**${url}`);
    await sami.goto(url);
    for (const page of [nadia, sami]) {
      await hydrated(page);
      await page.locator('[data-testid=viewer][data-opened=true]').waitFor();
      await page.locator('[data-testid=adjudication][data-ready=true]').waitFor();
    }
    // It opens on the first group to decide, not on the whole photograph; "Whole image" is offered.
    await nadia.locator('[data-testid=opening-frame][data-state=framed]').waitFor({ state: 'attached' });
    await nadia.getByRole('button', { name: 'Whole image' }).waitFor();
    // Three groups: the matched contusions, and each reviewer's lone finding.
    expect(await nadia.getByTestId('finding-group').count()).toBe(3);
    const pair = group(nadia, 'r1');
    expect(await pair.getAttribute('data-group')).toContain(':o1');
    await pair.getByText('Consistency differs').waitFor();
    expect(await pair.getByText('Lesion type differs').count()).toBe(0);
    await group(nadia, 'r2').getByText('Not found by every reviewer').waitFor();
    // Both layers' outlines are on the image, over the (blurred) photograph.
    expect(await nadia.getByTestId('review-overlay').locator('g[data-outline]').count()).toBe(4);
    // Each adjudicator sees the other.
    await nadia.getByText(`also here: ${SAMI.name}`).waitFor();
    await sami.getByText(`موجود أيضاً: ${isolate(NADIA.name)}`).waitFor();
  });

  it('shares decisions live: one accepts the matched pair, the other rejects a lone finding', async () => {
    await group(nadia, 'r1').locator('[data-action=accept]').first().click();
    await group(nadia, 'r1').and(nadia.locator('[data-decision=accepted]')).waitFor();
    await group(sami, 'r1').and(sami.locator('[data-decision=accepted]')).waitFor();

    // The administrator works from the keyboard: select the group, X asks why, Enter rejects it.
    await group(sami, 'o2').getByRole('heading').getByRole('button').click();
    await sami.keyboard.press('x');
    const why = sami.getByTestId('reason-dialog');
    // No reason, no rejection: the dialog stays and says so.
    await why.getByRole('button', { name: 'رفض' }).click();
    await why.getByText('السبب مطلوب.').waitFor();
    await why.getByTestId('reason').fill('ظل وليس إصابة');
    await why.getByTestId('reason').press('Enter');
    await group(sami, 'o2').and(sami.locator('[data-decision=rejected]')).waitFor();
    await group(nadia, 'o2').and(nadia.locator('[data-decision=rejected]')).waitFor();
    expect(await group(nadia, 'o2').getByTestId('decision-reason').textContent()).toContain('ظل وليس إصابة');
    await nadia.getByText('Findings (2 of 3 decided)').waitFor();
    await screenshot(nadia, 'adjudication-en');
    await screenshot(sami, 'adjudication-ar');
  });

  it('leaves the accepted finding in the shared layer, with the reviews it came from', async () => {
    const page = await api<{
      items: Array<{ id: string; body: Array<{ value: string; 'athar:field': string }> }>;
    }>(athar, token.nadia!, 'GET', `/api/items/${itemId}/annotations`);
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(1);
    const accepted = page.body.items[0]!;
    expect(accepted.id).toMatch(/\/annotations\/r1$/);
    const field = (name: string) => accepted.body.find((b) => b['athar:field'] === name)?.value;
    expect(field('lesionType')).toBe('contusion');
    expect(field('consistency')).toBe('consistent');

    // The export carries the sources and the decision too.
    const exported = accepted as unknown as {
      'athar:sources': unknown;
      'athar:decision': { decision: string };
    };
    expect(exported['athar:sources']).toEqual([
      { assignmentId: assignments.rana, annotationId: 'r1' },
      { assignmentId: assignments.omar, annotationId: 'o1' }
    ]);
    expect(exported['athar:decision'].decision).toBe('accepted');

    // `sources` is kept on the annotation's map in the live document.
    const peer = await join(athar, `item/${itemId}`, { token: token.nadia! });
    try {
      const map = peer.doc.getMap('annotations').get('r1') as Y.Map<unknown>;
      expect(JSON.parse(map.get('sources') as string)).toEqual([
        { assignmentId: assignments.rana, annotationId: 'r1' },
        { assignmentId: assignments.omar, annotationId: 'o1' }
      ]);
      const decisions = peer.doc.getMap('adjudication').toJSON() as Record<string, { decision: string }>;
      expect(
        Object.values(decisions)
          .map((d) => d.decision)
          .sort()
      ).toEqual(['accepted', 'rejected']);
    } finally {
      peer.close();
    }
  });
});
