/**
 * Two experts type into the same finding's Notes at the same time, in real Chromium (two browser
 * contexts): the field is a shared text (schema version 2), so both keep their words, each box
 * shows both, and neither person's caret jumps into the other's text mid-word — each one's sentence
 * ends up whole, not interleaved with the other's.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import {
  AMAL,
  drawRectangle,
  entries,
  itemId,
  openItem,
  prepareAnnotation,
  signIn,
  waitForCount,
  waitSynced,
  type Person
} from './steps.ts';
import { launchBrowser, newContext } from './browser.ts';

const BASSEL: Person = {
  name: 'Bassel Nasser',
  email: 'bassel@example.org',
  password: 'battery staple horse',
  role: 'reviewer'
};

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
    await prepareAnnotation(athar, [AMAL, BASSEL]);
    ({ page: amal } = await newContext(browser, athar.url));
    ({ page: bassel } = await newContext(browser, athar.url));
    for (const page of [amal, bassel]) page.on('pageerror', (err) => problems.push(err.message));
    await Promise.all([signIn(amal, AMAL), signIn(bassel, BASSEL)]);
    const id = await itemId(amal);
    await Promise.all([openItem(amal, id), openItem(bassel, id)]);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('keeps both people’s words, whole, in both boxes', async () => {
    await drawRectangle(amal, { x: 700, y: 500 }, { x: 1000, y: 760 });
    await waitForCount(bassel, 1);
    await entries(bassel).first().click();
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
    await Promise.all([waitSynced(amal), waitSynced(bassel)]);
    expect(problems).toEqual([]);
  });
});
