/**
 * An observer (prosecutor, auditor) reads the shared layer live but changes nothing: no drawing
 * tools, a read-only finding panel, no undo; and whatever they try anyway — dragging on the image,
 * re-enabling a disabled field in the page, writing a Yjs update on their own socket, posting to the
 * API — reaches neither the server nor the expert working on the same item.
 */
import * as encoding from 'lib0/encoding';
import type { Browser, Page } from 'playwright-core';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeAnnotation } from '../../src/lib/model/document-schema.ts';
import { startInstance, type Instance } from '../helpers/athar.ts';
import {
  AMAL,
  dragRectangle,
  entries,
  itemId,
  openItem,
  prepareAnnotation,
  signIn,
  waitForCount,
  waitSynced,
  type Person
} from './steps.ts';
import { launchBrowser, newContext, screenshot } from './browser.ts';

const OSCAR: Person = {
  name: 'Omar Observer',
  email: 'omar@example.org',
  password: 'staple horse battery',
  role: 'observer'
};

/** A y-websocket sync update that adds a forged annotation (as a modified client would send it). */
function forgedUpdate(): number[] {
  const doc = new Y.Doc();
  writeAnnotation(doc, {
    id: 'forged-by-observer',
    target: {
      type: 'FragmentSelector',
      conformsTo: 'http://www.w3.org/TR/media-frags/',
      value: 'xywh=pixel:1,1,50,50'
    },
    finding: { lesionType: 'scar' },
    createdBy: 'someone',
    createdAt: 1,
    updatedBy: 'someone',
    updatedAt: 1
  });
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc));
  return [...encoding.toUint8Array(encoder)];
}

async function annotationsFromApi(page: Page, id: string) {
  const response = await page.request.get(`/api/items/${id}/annotations`);
  expect(response.status()).toBe(200);
  return ((await response.json()) as { items: Array<{ id: string; body: Array<{ value: string }> }> }).items;
}

describe('an observer on the shared layer', () => {
  let athar: Instance;
  let browser: Browser;
  let amal: Page;
  let omar: Page;
  let id = '';

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    await prepareAnnotation(athar, [AMAL, OSCAR]);
    ({ page: amal } = await newContext(browser, athar.url));
    ({ page: omar } = await newContext(browser, athar.url));
    await Promise.all([signIn(amal, AMAL), signIn(omar, OSCAR)]);
    id = await itemId(amal);
    await openItem(amal, id);
    await amal.getByRole('button', { name: 'Rectangle' }).click();
    await dragRectangle(amal, { x: 800, y: 500 }, { x: 1100, y: 760 });
    await waitForCount(amal, 1);
    await amal.getByTestId('finding-panel').getByLabel('Lesion type').selectOption('laceration');
    await waitSynced(amal);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('sees the annotations live, with no tool to change them', async () => {
    await openItem(omar, id);
    await entries(omar).filter({ hasText: 'Laceration' }).waitFor();
    await omar.getByText('You can read the annotations but not change them.').first().waitFor();
    for (const name of ['Rectangle', 'Polygon', 'Point', 'Undo', 'Redo'])
      expect(await omar.getByRole('button', { name, exact: true }).count()).toBe(0);
    // Present like anyone else.
    await amal.locator(`[data-testid=avatar][data-user="${OSCAR.name}"]`).waitFor();

    // A new finding field filled by the expert shows up on the observer's page.
    await amal.getByTestId('finding-panel').getByLabel('Body region').selectOption('wrist');
    await entries(omar).filter({ hasText: 'Wrist' }).waitFor();

    await entries(omar).first().click();
    const panel = omar.getByTestId('finding-panel');
    await expect.poll(() => panel.getByLabel('Lesion type').inputValue()).toBe('laceration');
    for (const label of [
      'Lesion type',
      'Body region',
      'Size (mm)',
      'Notes',
      'Consistency (Istanbul Protocol)'
    ])
      expect(await panel.getByLabel(label, { exact: true }).isDisabled(), label).toBe(true);
    expect(await panel.getByRole('button', { name: 'Delete this annotation' }).count()).toBe(0);
    await screenshot(omar, 'observer-read-only');
  });

  it('cannot draw, undo or edit from the page, even with the controls forced open', async () => {
    await dragRectangle(omar, { x: 300, y: 300 }, { x: 600, y: 600 });
    await omar.keyboard.press('Control+z');
    // The disabled field forced back to life in the page: the change is refused before Yjs.
    await omar.evaluate(() => {
      const fieldset = document.querySelector('[data-testid=finding-panel] fieldset');
      fieldset?.removeAttribute('disabled');
    });
    await omar.getByTestId('finding-panel').getByLabel('Lesion type').selectOption('scar');
    // Nothing changed locally either: no unsynced change, the list as before.
    expect(await omar.getByTestId('unsynced').getAttribute('data-count')).toBe('0');
    expect(await entries(omar).count()).toBe(1);
  });

  it('gets nothing through its own socket or the API', async () => {
    // A raw socket from the observer's page (their cookie, our origin) writes a forged annotation,
    // then asks for a sync round: the answer comes only after the server has handled the update.
    const answered = await omar.evaluate(
      async ({ room, update }) => {
        const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/collab/${room}`);
        ws.binaryType = 'arraybuffer';
        await new Promise((resolve, reject) => {
          ws.onopen = resolve;
          ws.onerror = reject;
        });
        const step2 = new Promise<boolean>((resolve) => {
          ws.onmessage = (event) => {
            const bytes = new Uint8Array(event.data as ArrayBuffer);
            if (bytes[0] === 0 && bytes[1] === 1) resolve(true);
          };
          ws.onclose = () => resolve(false);
        });
        ws.send(new Uint8Array(update));
        ws.send(new Uint8Array([0, 0, 1, 0])); // sync step 1 with the empty state vector
        const answered = await step2;
        ws.close();
        return answered;
      },
      { room: `item/${id}`, update: forgedUpdate() }
    );
    expect(answered).toBe(true);

    const posted = await omar.request.post(`/api/items/${id}/annotations`, {
      headers: { origin: athar.url, 'content-type': 'application/json' },
      data: {
        type: 'Annotation',
        body: [{ type: 'TextualBody', purpose: 'tagging', value: 'scar', 'athar:field': 'lesionType' }],
        target: { selector: { type: 'FragmentSelector', value: 'xywh=pixel:1,1,5,5' } }
      }
    });
    expect(posted.status()).toBe(403);

    const stored = await annotationsFromApi(amal, id);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.id).not.toContain('forged');
    expect(stored[0]?.body.map((b) => b.value)).toEqual(['laceration', 'wrist']);

    // The expert's live page never saw any of it; her next change still flows to the observer.
    await amal.getByTestId('finding-panel').getByLabel('Side').selectOption('right');
    await entries(omar).filter({ hasText: 'Right' }).waitFor();
    expect(await entries(amal).count()).toBe(1);
    expect(await entries(omar).count()).toBe(1);
    await expect
      .poll(() => amal.getByTestId('finding-panel').getByLabel('Lesion type').inputValue())
      .toBe('laceration');
  });
});
