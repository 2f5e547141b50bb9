/**
 * Personal API tokens from the account page: the token shown once works as a bearer token from any
 * HTTP client, and revoking it in the browser makes the API refuse it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { addUser } from '../helpers/world.ts';
import { hydrated, launchBrowser, newContext, submit } from './browser.ts';

const USER = { name: 'Nour Coordinator', email: 'nour@example.org', password: 'correct horse battery' };
const LABEL = 'export script';

describe('personal API tokens', () => {
  let athar: Instance;
  let browser: Browser;
  let page: Page;
  let token = '';

  const me = (bearer: string) =>
    fetch(`${athar.url}/api/me`, { headers: { authorization: `Bearer ${bearer}` } });

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    await addUser(athar, USER.email, { ...USER, role: 'coordinator' });
    ({ page } = await newContext(browser, athar.url));
    await page.goto('/login');
    await hydrated(page);
    await page.getByLabel('E-mail').fill(USER.email);
    await page.getByLabel('Password').fill(USER.password);
    await submit(page, 303, () => page.getByLabel('Password').press('Enter'));
    await page.waitForURL((url) => url.pathname === '/');
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('creates a token on /account and shows it once', async () => {
    await page.getByRole('link', { name: 'Account' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    await hydrated(page);
    expect(await page.getByText('No tokens.').isVisible()).toBe(true);

    // The token form (the page also has the password change, which asks for the current password too).
    const form = page.locator('form[action="?/createToken"]');
    await form.getByLabel('Label').fill(LABEL);
    // Creating a token asks for the password again (re-authentication).
    await form.getByLabel('Current password').fill(USER.password);
    await submit(page, 200, () => form.getByRole('button', { name: 'Create token' }).click());
    const shown = page.getByTestId('new-token');
    await shown.waitFor();
    token = (await shown.textContent())?.trim() ?? '';
    expect(token).toMatch(/^athar_[a-z2-7]{32}$/);
    const row = page.getByRole('row').filter({ hasText: LABEL });
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('never');

    // Shown once: a fresh load of the page lists the token but no longer shows it.
    await page.goto('/account');
    await row.waitFor();
    expect(await page.getByTestId('new-token').count()).toBe(0);
    expect(await page.content()).not.toContain(token);
  });

  it('authenticates API calls from outside the browser as its user', async () => {
    const response = await me(token);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ email: USER.email, name: USER.name, role: 'coordinator' });
    // A token that differs in one character is not accepted.
    const forged = token.slice(0, -1) + (token.endsWith('a') ? 'b' : 'a');
    expect((await me(forged)).status).toBe(401);
  });

  it('stops working once revoked in the UI', async () => {
    await page.reload();
    const row = page.getByRole('row').filter({ hasText: LABEL });
    expect(await row.getByRole('cell').nth(1).textContent()).not.toBe('never');

    await submit(page, 200, () => row.getByRole('button', { name: 'Revoke' }).click());
    await row.getByText('Revoked', { exact: true }).waitFor();
    expect(await row.getByRole('button', { name: 'Revoke' }).count()).toBe(0);

    const response = await me(token);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });
});
