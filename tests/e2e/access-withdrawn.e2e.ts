/**
 * A user disabled while editing is told so: the server closes their socket (4403) and the sync
 * status says their access was withdrawn, not "offline, changes kept on this device".
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { query } from '../helpers/db.ts';
import { AMAL, itemId, openItem, prepareAnnotation, signIn } from './steps.ts';
import { launchBrowser, newContext, screenshot } from './browser.ts';

describe('a user disabled while editing', () => {
  let athar: Instance;
  let browser: Browser;
  let amal: Page;

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    await prepareAnnotation(athar, [AMAL]);
    ({ page: amal } = await newContext(browser, athar.url));
    await signIn(amal, AMAL);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('is told their access was withdrawn', async () => {
    await openItem(amal, await itemId(amal));
    await query(athar, 'update users set disabled_at = ? where email = ?', [Date.now(), AMAL.email]);
    const status = amal.locator('[data-testid=sync-status][data-status=withdrawn]');
    await status.waitFor();
    expect(await status.getAttribute('role')).toBe('alert');
    expect(await status.textContent()).toContain('Your access was withdrawn');
    expect(await status.textContent()).not.toContain('kept on this device');
    await screenshot(amal, 'access-withdrawn-en');
  });
});
