/**
 * Right-to-left Arabic: the header's language link switches the whole document (lang, dir, labels),
 * sign-in works with Arabic labels and messages only, and the link back restores English and ltr.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { addUser } from '../helpers/world.ts';
import { hydrated, launchBrowser, newContext, screenshot, submit } from './browser.ts';

const USER = { name: 'ليلى حداد', email: 'layla@example.org', password: 'correct horse battery' };

async function documentLanguage(page: Page, lang: 'en' | 'ar', dir: 'ltr' | 'rtl'): Promise<void> {
  await page.locator(`html[lang="${lang}"][dir="${dir}"]`).waitFor({ state: 'attached' });
}

describe('Arabic, right to left', () => {
  let athar: Instance;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    await addUser(athar, USER.email, { ...USER, role: 'reviewer' });
    ({ page } = await newContext(browser, athar.url, 'en-US'));
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('switches the sign-in page to Arabic, right to left, from the header link', async () => {
    await page.goto('/login');
    await documentLanguage(page, 'en', 'ltr');
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();

    await page.getByRole('link', { name: 'العربية' }).click();
    await documentLanguage(page, 'ar', 'rtl');
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
    expect(await page.getByRole('button', { name: 'دخول' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'English' }).isVisible()).toBe(true);
    expect(await page.title()).toBe('أثر');
    await screenshot(page, 'arabic-sign-in');
  });

  it('signs in entirely in Arabic, with Arabic errors', async () => {
    await hydrated(page);
    const email = page.getByLabel('البريد الإلكتروني');
    const password = page.getByLabel('كلمة المرور');
    await email.fill(USER.email);
    await password.fill('not the password');
    await submit(page, 400, () => page.getByRole('button', { name: 'دخول' }).click());
    await page
      .getByRole('alert')
      .filter({ hasText: 'البريد الإلكتروني أو كلمة المرور غير صحيحة.' })
      .waitFor();
    await documentLanguage(page, 'ar', 'rtl');
    expect(await email.inputValue()).toBe(USER.email);

    await hydrated(page);
    await password.fill(USER.password);
    await submit(page, 303, () => password.press('Enter'));
    await page.waitForURL((url) => url.pathname === '/');
    await documentLanguage(page, 'ar', 'rtl');
    await page.getByRole('heading', { name: 'مجموعاتك' }).waitFor();
    expect(await page.getByText('لست عضوًا في أي مجموعة بعد.', { exact: false }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'تسجيل الخروج' }).isVisible()).toBe(true);
    expect(await page.locator('header .who').textContent()).toBe(USER.name);
  });

  it('switches back to English and left to right', async () => {
    await page.getByRole('link', { name: 'English' }).click();
    await documentLanguage(page, 'en', 'ltr');
    expect(new URL(page.url()).pathname).toBe('/');
    await page.getByRole('heading', { name: 'Your collections' }).waitFor();
    expect(await page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    expect(await page.getByRole('link', { name: 'العربية' }).isVisible()).toBe(true);
  });
});
