/**
 * The browser's offline copies after signing out: a copy whose edits all reached the server is
 * deleted once the sign-in page shows (nobody is signed in on this browser any more); a copy that
 * still carries unsent edits is kept for its author's next sign-in.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { AMAL, itemId, openItem, prepareAnnotation, signIn, waitSynced } from './steps.ts';
import { launchBrowser, newContext } from './browser.ts';

/** Another person's copy with two unsent edits, as a browser shared with them would hold it. */
const UNSENT = {
  db: 'athar:someoneelse:item/unsentunsentunsentunsent',
  room: 'item/unsentunsentunsentunsent'
};

const copies = (page: Page) =>
  page.evaluate(async () =>
    (await indexedDB.databases())
      .map((d) => d.name ?? '')
      .filter((name) => name.startsWith('athar:'))
      .sort()
  );

describe('offline copies at sign-out', () => {
  let athar: Instance;
  let browser: Browser;

  beforeAll(async () => {
    athar = await startInstance('sqlite');
    await prepareAnnotation(athar, [AMAL]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('deletes the copies whose edits were all sent, and keeps one with unsent edits', async () => {
    const { context, page } = await newContext(browser, athar.url);
    await signIn(page, AMAL);
    const id = await itemId(page);
    await openItem(page, id);
    await waitSynced(page);
    const mine = (await copies(page)).filter((name) => name.endsWith(`:item/${id}`));
    expect(mine).toHaveLength(1);

    await page.evaluate(async ({ db, room }) => {
      await new Promise((resolve, reject) => {
        const request = indexedDB.open(db);
        request.onsuccess = () => resolve(request.result.close());
        request.onerror = () => reject(request.error);
      });
      localStorage.setItem(`athar.unsynced.someoneelse.${room}`, '2');
    }, UNSENT);
    expect(await copies(page)).toEqual([...mine, UNSENT.db].sort());

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    // Deleted once the sign-in page has run: polled from here (the page's own wait takes no async check).
    await expect.poll(() => copies(page), { timeout: 15_000 }).toEqual([UNSENT.db]);
    await context.close();
  });
});
