/**
 * Two forensic experts annotate one photograph together, live, in real Chromium: two browser
 * contexts (two people) open the same item, draw at the same time with the mouse, fill the fields
 * of their findings (and two fields of one finding at once), converge, see each other (avatars,
 * pointers, selection, following a view), undo only their own work, and find it all again after a
 * server restart, in the page and from the W3C annotation API. The photograph is generated.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import {
  AMAL,
  BASSEL,
  dragRectangle,
  entries,
  fitToView,
  ANNOTATION,
  imageToPage,
  itemId,
  openItem,
  prepareAnnotation,
  settled,
  signIn,
  waitForCount,
  waitSynced
} from './steps.ts';
import { hydrated, launchBrowser, newContext, screenshot } from './browser.ts';

const panel = (page: Page) => page.getByTestId('finding-panel');
const field = (page: Page, label: string) => panel(page).getByLabel(label, { exact: true });
const entry = (page: Page, text: string) => entries(page).filter({ hasText: text });

/** Selects the annotation whose list entry shows `text`, and waits for its finding. */
async function choose(page: Page, text: string): Promise<void> {
  await entry(page, text).click();
  await page.locator('[data-testid=annotation-entry][aria-current=true]').filter({ hasText: text }).waitFor();
}

async function waitForValue(page: Page, label: string, value: string): Promise<void> {
  const control = field(page, label);
  await expect.poll(() => control.inputValue(), { timeout: 15_000 }).toBe(value);
}

/** Parses the presence layer's "x,y,w,h" view of the image. */
async function view(page: Page): Promise<number[]> {
  return ((await page.getByTestId('presence-layer').getAttribute('data-view')) ?? '').split(',').map(Number);
}

describe('annotating together', () => {
  let athar: Instance;
  let browser: Browser;
  let amal: Page;
  let bassel: Page;
  let id = '';
  const problems: string[] = [];

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    await prepareAnnotation(athar, [AMAL, BASSEL]);
    ({ page: amal } = await newContext(browser, athar.url));
    ({ page: bassel } = await newContext(browser, athar.url));
    for (const page of [amal, bassel]) {
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console: ${m.text()}`);
      });
    }
    await Promise.all([signIn(amal, AMAL), signIn(bassel, BASSEL)]);
    id = await itemId(amal);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('opens the item for both, and each sees the other present', async () => {
    await Promise.all([openItem(amal, id), openItem(bassel, id)]);
    await amal.locator(`[data-testid=avatar][data-user="${BASSEL.name}"]`).waitFor();
    await bassel.locator(`[data-testid=avatar][data-user="${AMAL.name}"]`).waitFor();
    // Revealed on purpose (the image is generated), so that the screenshots show the shapes on it.
    for (const page of [amal, bassel])
      await page.getByRole('button', { name: 'Reveal', exact: true }).click();
  });

  it('lets both draw at the same time, and both lists converge', async () => {
    await Promise.all([
      amal.getByRole('button', { name: 'Rectangle' }).click(),
      bassel.getByRole('button', { name: 'Rectangle' }).click()
    ]);
    await Promise.all([
      dragRectangle(amal, { x: 780, y: 520 }, { x: 1020, y: 780 }),
      dragRectangle(bassel, { x: 1380, y: 860 }, { x: 1700, y: 980 })
    ]);
    await Promise.all([waitForCount(amal, 2), waitForCount(bassel, 2)]);
    // Each one's new shape is selected, its finding open.
    for (const page of [amal, bassel]) await field(page, 'Lesion type').waitFor();
  });

  it('fills each finding field by field; only the expert may give the consistency opinion', async () => {
    await Promise.all([
      (async () => {
        await field(amal, 'Lesion type').selectOption('contusion');
        await field(amal, 'Body region').selectOption('forearm');
        await field(amal, 'Side').selectOption('left');
        await field(amal, 'Size (mm)').fill('25');
        await field(amal, 'Size (mm)').press('Tab');
        await field(amal, 'Consistency (Istanbul Protocol)').selectOption('highly_consistent');
      })(),
      (async () => {
        await field(bassel, 'Lesion type').selectOption('abrasion');
        await field(bassel, 'Body region').selectOption('back');
        await field(bassel, 'Notes').fill('Parallel linear marks, about 2 cm apart.');
        await field(bassel, 'Notes').press('Tab');
        expect(await field(bassel, 'Consistency (Istanbul Protocol)').isDisabled()).toBe(true);
        await panel(bassel).getByText('Only forensic experts may give the consistency opinion.').waitFor();
      })()
    ]);

    for (const page of [amal, bassel]) {
      await entry(page, 'Contusion (bruise)').waitFor();
      await entry(page, 'Abrasion').waitFor();
      expect(await entry(page, 'Contusion (bruise)').textContent()).toContain(`Created by ${AMAL.name}`);
      expect(await entry(page, 'Abrasion').textContent()).toContain(`Created by ${BASSEL.name}`);
      expect(await entry(page, 'Contusion (bruise)').textContent()).toContain('Forearm · Left · 25 mm');
    }
    // Bassel reads Amal's finding as she wrote it.
    await choose(bassel, 'Contusion (bruise)');
    await waitForValue(bassel, 'Body region', 'forearm');
    await waitForValue(bassel, 'Size (mm)', '25');
    await waitForValue(bassel, 'Consistency (Istanbul Protocol)', 'highly_consistent');
    await choose(amal, 'Abrasion');
    await waitForValue(amal, 'Notes', 'Parallel linear marks, about 2 cm apart.');
  });

  it('keeps both changes when two people edit two fields of one finding at once', async () => {
    await choose(amal, 'Contusion (bruise)');
    await Promise.all([
      (async () => {
        await field(amal, 'Colour').fill('purple-blue');
        await field(amal, 'Colour').press('Tab');
      })(),
      (async () => {
        await field(bassel, 'Shape or pattern').fill('round, 2.5 cm');
        await field(bassel, 'Shape or pattern').press('Tab');
      })()
    ]);
    for (const page of [amal, bassel]) {
      await waitForValue(page, 'Colour', 'purple-blue');
      await waitForValue(page, 'Shape or pattern', 'round, 2.5 cm');
    }
    // The list says who created it and who edited it last.
    await expect
      .poll(async () => (await entry(amal, 'Contusion (bruise)').textContent()) ?? '')
      .toMatch(new RegExp(`Edited by (${AMAL.name}|${BASSEL.name})`));
  });

  it('undoes and redoes only one’s own change (Ctrl+Z, Ctrl+Shift+Z)', async () => {
    await field(amal, 'Confidence').selectOption('high');
    await waitForValue(bassel, 'Confidence', 'high');
    await amal.getByRole('heading', { name: 'Annotations' }).click(); // out of the form: the page's undo
    await amal.keyboard.press('Control+z');
    for (const page of [amal, bassel]) await waitForValue(page, 'Confidence', '');
    // Bassel's change to the same finding stays.
    for (const page of [amal, bassel]) await waitForValue(page, 'Shape or pattern', 'round, 2.5 cm');
    await amal.keyboard.press('Control+Shift+z');
    for (const page of [amal, bassel]) await waitForValue(page, 'Confidence', 'high');
    // The buttons do the same.
    await amal.getByRole('button', { name: 'Undo' }).click();
    await waitForValue(bassel, 'Confidence', '');
    await amal.getByRole('button', { name: 'Redo' }).click();
    await waitForValue(bassel, 'Confidence', 'high');
  });

  it('draws a polygon and a point, and deletes and restores a shape', async () => {
    await Promise.all([fitToView(amal), fitToView(bassel)]);
    await amal.getByRole('button', { name: 'Polygon' }).click();
    // Corner by corner, at a person's pace: OpenSeadragon takes two clicks within its double-click
    // time (300 ms) as one gesture, and Annotorious then drops a corner. Clicking the first corner
    // again closes the polygon.
    const corners = [
      [300, 300],
      [520, 330],
      [470, 560],
      [300, 300]
    ] as const;
    for (const [x, y] of corners) {
      const at = await imageToPage(amal, x, y);
      await amal.mouse.move(at.x, at.y, { steps: 3 });
      await amal.mouse.down();
      await amal.mouse.up();
      await amal.waitForTimeout(350);
    }
    await bassel.getByRole('button', { name: 'Point' }).click();
    const at = await imageToPage(bassel, 1900, 400);
    await bassel.mouse.move(at.x, at.y);
    await bassel.mouse.down();
    await bassel.mouse.up();
    for (const page of [amal, bassel]) {
      await waitForCount(page, 4);
      await page.getByTestId('annotation-list').getByText('· Polygon').waitFor();
      await page.getByTestId('annotation-list').getByText('· Point').waitFor();
    }

    // Bassel deletes his point; Amal sees it go; his undo brings it back for both.
    await field(bassel, 'Lesion type').selectOption('burn_thermal');
    await panel(bassel).getByRole('button', { name: 'Delete this annotation' }).click();
    for (const page of [amal, bassel]) await waitForCount(page, 3);
    await bassel.getByRole('heading', { name: 'Annotations' }).click();
    await bassel.keyboard.press('Control+z');
    for (const page of [amal, bassel]) {
      await waitForCount(page, 4);
      await entry(page, 'Burn, thermal').waitFor();
    }
    for (const page of [amal, bassel]) await page.getByRole('button', { name: 'Select and pan' }).click();
  });

  it('filters the list by lesion type and by author, and shows an entry from the keyboard', async () => {
    await bassel.getByTestId('annotation-list').getByLabel('Lesion type').selectOption('abrasion');
    await waitForCount(bassel, 1);
    await bassel.getByTestId('annotation-list').getByLabel('Lesion type').selectOption('');
    await bassel.getByTestId('annotation-list').getByLabel('Author').selectOption({ label: AMAL.name });
    await waitForCount(bassel, 2);
    expect(await bassel.getByTestId('annotation-count').textContent()).toBe('2 of 4');
    await bassel.getByTestId('annotation-list').getByLabel('Author').selectOption('');
    await waitForCount(bassel, 4);

    await entry(bassel, 'Abrasion').focus();
    await bassel.keyboard.press('Enter');
    await bassel
      .locator('[data-testid=annotation-entry][aria-current=true]')
      .filter({ hasText: 'Abrasion' })
      .waitFor();
    await waitForValue(bassel, 'Body region', 'back');
  });

  it('shows where a colleague points and what they select, and follows their view', async () => {
    await Promise.all([fitToView(amal), fitToView(bassel)]);
    // Amal's pointer over the image appears, labelled, on Bassel's.
    const over = await imageToPage(amal, 1200, 700);
    await amal.mouse.move(over.x, over.y, { steps: 4 });
    await bassel.getByTestId('presence-layer').getByText(AMAL.name).waitFor();
    const bOver = await imageToPage(bassel, 1500, 600);
    await bassel.mouse.move(bOver.x, bOver.y, { steps: 4 });
    await amal.getByTestId('presence-layer').getByText(BASSEL.name).waitFor();

    // Bassel follows Amal's view; she zooms in, his view goes where hers goes.
    await bassel.getByRole('button', { name: `Follow ${AMAL.name}’s view` }).click();
    await bassel.getByText(`Following ${AMAL.name}`).waitFor();
    await amal.getByRole('button', { name: 'Zoom in' }).click();
    await amal.getByRole('button', { name: 'Zoom in' }).click();
    await expect
      .poll(
        async () => {
          const [a, b] = await Promise.all([view(amal), view(bassel)]);
          return a.every((n, i) => Math.abs(n - (b[i] as number)) <= Math.max(4, (a[2] as number) * 0.02));
        },
        { timeout: 15_000 }
      )
      .toBe(true);
    expect((await view(bassel))[2]).toBeLessThan(ANNOTATION.width / 1.5);
    await bassel.getByRole('button', { name: `Stop following ${AMAL.name}` }).click();
    await Promise.all([fitToView(amal), fitToView(bassel)]);
    await amal.mouse.move(over.x, over.y, { steps: 2 });
    await bassel.mouse.move(bOver.x, bOver.y, { steps: 2 });
    await bassel.getByTestId('presence-layer').getByText(AMAL.name).waitFor();
    await amal.getByTestId('presence-layer').getByText(BASSEL.name).waitFor();
    await screenshot(amal, 'annotate-together-en-amal');
    await screenshot(bassel, 'annotate-together-en-bassel');
  });

  it('has sent everything: no unsynced change left on either page', async () => {
    await Promise.all([waitSynced(amal), waitSynced(bassel)]);
    expect(problems).toEqual([]);
  });

  it('finds it all again after a server restart, in the page and from the API', async () => {
    await athar.stop();
    await amal.locator('[data-testid=sync-status][data-status=offline]').waitFor();
    await athar.start(); // a new port: the pages are opened again at the new address
    await Promise.all([openItem(amal, id, athar.url), openItem(bassel, id, athar.url)]);
    for (const page of [amal, bassel]) {
      await waitForCount(page, 4);
      expect(await entry(page, 'Contusion (bruise)').textContent()).toContain('Forearm · Left · 25 mm');
      await entry(page, 'Abrasion').waitFor();
      await entry(page, 'Burn, thermal').waitFor();
    }
    await choose(bassel, 'Contusion (bruise)');
    await waitForValue(bassel, 'Colour', 'purple-blue');
    await waitForValue(bassel, 'Shape or pattern', 'round, 2.5 cm');
    await waitForValue(bassel, 'Consistency (Istanbul Protocol)', 'highly_consistent');

    const response = await amal.request.get(`${athar.url}/api/items/${id}/annotations`);
    expect(response.status()).toBe(200);
    const page = (await response.json()) as {
      type: string;
      items: Array<{
        body: Array<{ value: string; 'athar:field': string }>;
        target: { selector: { type: string } };
      }>;
    };
    expect(page.type).toBe('AnnotationPage');
    expect(page.items).toHaveLength(4);
    const findings = page.items.map((a) =>
      Object.fromEntries(a.body.map((b) => [b['athar:field'], b.value]))
    );
    expect(findings).toContainEqual({
      lesionType: 'contusion',
      bodyRegion: 'forearm',
      side: 'left',
      sizeMm: '25',
      colour: 'purple-blue',
      pattern: 'round, 2.5 cm',
      consistency: 'highly_consistent',
      confidence: 'high'
    });
    expect(findings).toContainEqual({
      lesionType: 'abrasion',
      bodyRegion: 'back',
      notes: 'Parallel linear marks, about 2 cm apart.'
    });
    expect(page.items.map((a) => a.target.selector.type).sort()).toEqual([
      'FragmentSelector',
      'FragmentSelector',
      'FragmentSelector',
      'SvgSelector'
    ]);
  });

  it('works in right-to-left Arabic', async () => {
    await bassel.goto(`${athar.url}/language?to=ar&back=${encodeURIComponent(`/items/${id}`)}`);
    await hydrated(bassel);
    expect(await bassel.locator('html').getAttribute('dir')).toBe('rtl');
    await bassel.locator('[data-testid=annotation-bar][data-ready=true]').waitFor();
    await bassel.getByRole('heading', { name: 'التعليقات التوضيحية' }).waitFor();
    await entry(bassel, 'كدمة').waitFor();
    await entry(bassel, 'سحجة').waitFor();
    await bassel.getByRole('button', { name: 'كشف', exact: true }).click();
    await choose(bassel, 'كدمة');
    await bassel.getByTestId('annotation-bar').getByRole('button', { name: 'مستطيل' }).waitFor();
    await bassel.getByRole('button', { name: 'ملاءمة للعرض' }).click(); // fit to view
    await settled(bassel);
    const over = await imageToPage(amal, 1000, 600);
    await amal.mouse.move(over.x, over.y, { steps: 3 });
    await bassel.getByTestId('presence-layer').getByText(AMAL.name).waitFor();
    await screenshot(bassel, 'annotate-together-ar-bassel');
  });
});
