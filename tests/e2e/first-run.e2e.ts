/**
 * First run, as people do it in a browser: the first visitor creates the administrator, who creates
 * a reviewer and a collection, adds the reviewer to it and signs out; the reviewer signs in in a
 * browser of their own and sees the collection, and nothing of the administration.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { hydrated, launchBrowser, newContext, screenshot, submit } from './browser.ts';

const ADMIN = { name: 'Ada Admin', email: 'ada@example.org', password: 'correct horse battery' };
const REVIEWER = { name: 'Rami Reviewer', email: 'rami@example.org', password: 'staple battery horse' };
const COLLECTION = 'Caesar files, batch 1';

const at = (path: string) => (url: URL) => url.pathname === path;

describe('first run in a browser', () => {
  let athar: Instance;
  let browser: Browser;
  let admin: { context: BrowserContext; page: Page };
  let reviewer: { context: BrowserContext; page: Page };

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    admin = await newContext(browser, athar.url);
    reviewer = await newContext(browser, athar.url);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('sends the first visitor to /setup and lands the new administrator on the users page', async () => {
    const { page } = admin;
    await page.goto('/');
    await page.waitForURL(at('/setup'));
    await page.getByRole('heading', { name: 'Create the administrator account' }).waitFor();
    await hydrated(page);

    await page.getByLabel('Name', { exact: true }).fill(ADMIN.name);
    await page.getByLabel('E-mail', { exact: true }).fill(ADMIN.email);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await submit(page, 303, () => page.getByLabel('Password', { exact: true }).press('Enter'));

    await page.waitForURL(at('/admin/users'));
    await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
    const row = page.getByRole('row').filter({ hasText: ADMIN.email });
    expect(await row.textContent()).toContain('Administrator');
    expect(await page.locator('header .who').textContent()).toBe(ADMIN.name);
  });

  it('creates an expert reviewer through the admin form', async () => {
    const { page } = admin;
    await hydrated(page);
    // Invitations come first; creating an account with a password is folded away beneath them.
    await page.getByText('Create an account with a password').click();
    const form = page.locator('form[action="?/create"]');
    await form.getByLabel('Name', { exact: true }).fill(REVIEWER.name);
    await form.getByLabel('E-mail', { exact: true }).fill(REVIEWER.email);
    await form.getByLabel('Password', { exact: true }).fill(REVIEWER.password);
    await form.getByLabel('Role').selectOption({ label: 'Reviewer' });
    await form.getByLabel(/Forensic expert/).check();
    await submit(page, 200, () => form.getByRole('button', { name: 'Create user' }).click());

    await page
      .getByRole('status')
      .filter({ hasText: `User created. ${REVIEWER.email}` })
      .waitFor();
    const row = page.getByRole('row').filter({ hasText: REVIEWER.email });
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells).toEqual([`${REVIEWER.name} ⚕`, REVIEWER.email, 'Reviewer', 'Active']);
  });

  it('creates a collection and adds the reviewer as a member', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Collections admin' }).click();
    await page.waitForURL(at('/admin/collections'));
    await hydrated(page);
    await page.getByLabel('Collection name').fill(COLLECTION);
    await submit(page, 303, () => page.getByRole('button', { name: 'Create collection' }).click());

    await page.waitForURL((url) => /^\/admin\/collections\/[^/]+$/.test(url.pathname));
    await page.getByRole('heading', { name: COLLECTION }).waitFor();
    expect(await page.getByText('No members yet.').isVisible()).toBe(true);
    await hydrated(page);

    await page.getByLabel('E-mail').selectOption({ label: `${REVIEWER.name} (${REVIEWER.email})` });
    await submit(page, 200, () => page.getByRole('button', { name: 'Add member' }).click());
    const member = page.getByRole('row').filter({ hasText: REVIEWER.email });
    await member.waitFor();
    expect(await member.getByRole('cell').nth(0).textContent()).toBe(REVIEWER.name);
    expect(await page.getByText('No members yet.').count()).toBe(0);
  });

  it('signs the administrator out', async () => {
    const { page } = admin;
    await submit(page, 303, () => page.getByRole('button', { name: 'Sign out' }).click());
    await page.waitForURL(at('/login'));
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // The session is gone, not just the page: the admin pages ask for a sign-in again.
    await page.goto('/admin/users');
    await page.waitForURL(at('/login'));
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/users');
  });

  it('lets the reviewer sign in in their own browser and see the collection', async () => {
    const { page, context } = reviewer;
    await page.goto('/');
    await page.waitForURL(at('/login'));
    await hydrated(page);
    await page.getByLabel('E-mail').fill(REVIEWER.email);
    await page.getByLabel('Password').fill(REVIEWER.password);
    await submit(page, 303, () => page.getByLabel('Password').press('Enter'));

    await page.waitForURL(at('/'));
    await page.getByRole('heading', { name: 'Your collections' }).waitFor();
    const card = page.getByRole('listitem').filter({ hasText: COLLECTION });
    expect(await card.textContent()).toContain('1 member');
    expect(await page.locator('header .who').textContent()).toBe(REVIEWER.name);
    expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await screenshot(page, 'home');

    const me = await context.request.get('/api/me');
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ email: REVIEWER.email, role: 'reviewer', expert: true });
  });

  it('forbids the administration to the reviewer', async () => {
    const { page } = reviewer;
    const response = await page.goto('/admin/users');
    expect(response?.status()).toBe(403);
    expect(await page.getByText(ADMIN.email).count()).toBe(0);
  });
});
