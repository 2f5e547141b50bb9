/**
 * Two experts type into the same finding's Notes at the same time, in real Chromium (two browser
 * contexts): the field is a shared text (schema version 2), so both keep their words, each box
 * shows both, and neither person's caret jumps into the other's text mid-word — each one's sentence
 * ends up whole, not interleaved with the other's.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import * as steps from './steps.ts';
import { AMAL, BASSEL } from './steps.ts';
import { launchBrowser, newContext } from './browser.ts';

const notes = (page: Page) => page.getByTestId('finding-panel').getByLabel('Notes', { exact: true });

const AMAL_TEXT = 'Amal: patterned bruise on the left forearm.';
const BASSEL_TEXT = 'Bassel: twelve millimetres wide.';

describe('typing together into one finding', () => {
  let athar: Instance;
  let browser: Browser;
  let amal: Page;
  let bassel: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    await steps.prepareAnnotation(athar, [AMAL, BASSEL]);
    const pages = await Promise.all(
      [AMAL, BASSEL].map(async (person) => {
        const { page } = await newContext(browser, athar.url);
        page.on('pageerror', (err) => problems.push(err.message));
        await steps.signIn(page, person);
        return page;
      })
    );
    [amal, bassel] = pages as [Page, Page];
    const id = await steps.itemId(amal);
    await Promise.all([steps.openItem(amal, id), steps.openItem(bassel, id)]);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('keeps both people’s words, whole, in both boxes', async () => {
    await steps.drawRectangle(amal, { x: 700, y: 500 }, { x: 1000, y: 760 });
    await steps.waitForCount(bassel, 1);
    await steps.entries(bassel).first().click();
    await notes(amal).waitFor();
    await notes(bassel).waitFor();

    await notes(amal).click();
    await notes(bassel).click();
    // Both type at once, key by key, at a person's pace: each keystroke reaches the other mid-word.
    await Promise.all([
      amal.keyboard.type(AMAL_TEXT, { delay: 40 }),
      bassel.keyboard.type(BASSEL_TEXT, { delay: 55 })
    ]);

    for (const page of [amal, bassel]) {
      await expect
        .poll(() => notes(page).inputValue(), { timeout: 15_000 })
        .toHaveLength(AMAL_TEXT.length + BASSEL_TEXT.length);
      const value = await notes(page).inputValue();
      expect(value).toContain(AMAL_TEXT);
      expect(value).toContain(BASSEL_TEXT);
    }
    expect(await notes(amal).inputValue()).toBe(await notes(bassel).inputValue());
    await Promise.all([steps.waitSynced(amal), steps.waitSynced(bassel)]);
    expect(problems).toEqual([]);
  });
});
