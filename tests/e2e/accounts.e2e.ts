/**
 * Accounts in real Chromium: an administrator invites a reviewer by e-mail and role and copies the
 * one-time link; the invitee opens it in a fresh browser, chooses a name and a password, and is
 * signed in; they change their password on the account page (a second browser of theirs is signed
 * out); the administrator issues a reset link, with which the person sets a new password again.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { addUser } from '../helpers/world.ts';
import { hydrated, launchBrowser, newContext, submit } from './browser.ts';
import { signIn, type Person } from './steps.ts';

const ADMIN: Person = {
  name: 'Salma Admin',
  email: 'salma@example.org',
  password: 'staple battery horse',
  role: 'admin'
};
const INVITEE = { name: 'Yusuf Invited', email: 'yusuf@example.org' };
const FIRST = 'yusuf chose this one';
const SECOND = 'yusuf changed it later';
const THIRD = 'yusuf reset it at last';

describe('invitations, password change and reset in the browser', () => {
  let athar: Instance;
  let browser: Browser;
  let admin: Page;
  let invitee: Page;

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    await addUser(athar, ADMIN.email, ADMIN);
    ({ page: admin } = await newContext(browser, athar.url));
    await signIn(admin, ADMIN);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('invites by e-mail and role; the invitee sets their own password in a fresh browser and is signed in', async () => {
    await admin.getByRole('link', { name: 'Users' }).click();
    await admin.waitForURL((url) => url.pathname === '/admin/users');
    await hydrated(admin);
    const form = admin.locator('form[action="?/invite"]');
    await form.getByLabel('E-mail').fill(INVITEE.email);
    await form.getByLabel('Role').selectOption('reviewer');
    await submit(admin, 200, () => form.getByRole('button', { name: 'Create invitation' }).click());
    const link = await admin.getByTestId('invite-link').inputValue();
    expect(link).toMatch(/\/invite\/[a-z2-7]{32}$/);
    await admin.getByRole('cell', { name: INVITEE.email }).waitFor();

    ({ page: invitee } = await newContext(browser, athar.url));
    await invitee.goto(link);
    await hydrated(invitee);
    await invitee.getByText(INVITEE.email).waitFor();
    await invitee.getByLabel('Name').fill(INVITEE.name);
    await invitee.getByLabel('Password').fill(FIRST);
    await submit(invitee, 303, () => invitee.getByRole('button', { name: 'Create my account' }).click());
    await invitee.waitForURL((url) => url.pathname === '/');
    await invitee.getByText(INVITEE.name).first().waitFor();

    // The link is spent: opened again, it says so.
    const { page: again } = await newContext(browser, athar.url);
    await again.goto(link);
    await again.getByText('expired or has already been used').waitFor();
  });

  it('changes the password on the account page; the other browser is signed out', async () => {
    const { page: elsewhere } = await newContext(browser, athar.url);
    await signIn(elsewhere, { ...INVITEE, password: FIRST, role: 'reviewer' });

    await invitee.goto('/account');
    await hydrated(invitee);
    const form = invitee.locator('form[action="?/password"]');
    await form.getByLabel('Current password').fill('not the password');
    await form.getByLabel('New password').fill(SECOND);
    await submit(invitee, 403, () => form.getByRole('button', { name: 'Change password' }).click());
    await invitee.getByText('the current password or the code is not correct').waitFor();

    await form.getByLabel('Current password').fill(FIRST);
    await form.getByLabel('New password').fill(SECOND);
    await submit(invitee, 200, () => form.getByRole('button', { name: 'Change password' }).click());
    await invitee.getByText('Password changed. 1 other session ended.').waitFor();

    await elsewhere.goto('/account');
    await elsewhere.waitForURL((url) => url.pathname === '/login');
    await invitee.reload();
    expect(new URL(invitee.url()).pathname).toBe('/account');
  });

  it('lets the administrator issue a reset link that sets a new password and signs out everywhere', async () => {
    await admin.goto('/admin/users');
    await admin.getByRole('link', { name: INVITEE.name }).click();
    await admin.waitForURL((url) => /^\/admin\/users\/[a-z2-7]{24}$/.test(url.pathname));
    await hydrated(admin);
    await submit(admin, 200, () => admin.getByRole('button', { name: 'Create reset link' }).click());
    const link = await admin.getByTestId('reset-link').inputValue();
    expect(link).toMatch(/\/reset\/[a-z2-7]{32}$/);

    const { page: fresh } = await newContext(browser, athar.url);
    await fresh.goto(link);
    await hydrated(fresh);
    await fresh.getByText(INVITEE.email).waitFor();
    await fresh.getByLabel('Password').fill(THIRD);
    await submit(fresh, 200, () => fresh.getByRole('button', { name: 'Set password' }).click());
    await fresh.getByText('Your password is set').waitFor();

    await invitee.goto('/account');
    await invitee.waitForURL((url) => url.pathname === '/login');
    await signIn(invitee, { ...INVITEE, password: THIRD, role: 'reviewer' });
  });
});
