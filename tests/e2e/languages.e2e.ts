/**
 * No English leaks: every page (collections, collection, viewer, queues, queue, body, person,
 * register, search, account, admin pages) in Arabic and German shows no English text of the catalogue
 * where the translation differs. Screenshots of the viewer, queue, body and person pages in each
 * language go to SHOTS_DIR (outside the repository) for review.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALES, direction } from '../../src/lib/i18n/index.ts';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { collectionIdOf } from '../helpers/db.ts';
import { api } from '../helpers/http.ts';
import { AWAITING_TRANSLATION, catalogue, texts } from '../helpers/i18n-catalogue.ts';
import { createQueue } from '../helpers/review-world.ts';
import { createToken } from '../helpers/world.ts';
import { hydrated, launchBrowser, newContext, screenshot, submit } from './browser.ts';
import { prepareQueue, QUEUE_PHOTOS, type Person } from './steps.ts';

const ADMIN: Person = {
  name: 'Dana Generated',
  email: 'dana@example.org',
  password: 'correct horse battery',
  role: 'admin',
  expert: true
};
const ACCEPT_LANGUAGE: Record<string, string> = { en: 'en-US', ar: 'ar-SY', de: 'de-DE' };
const SHOT_PAGES = new Set(['viewer', 'queue', 'body', 'person']);

/** The English texts (fragments between placeholders, long enough to mean something) that must not
 * appear on a page in `locale`: those whose translation differs, and that no message of `locale` also uses. */
function englishOnly(locale: string): string[] {
  const en = catalogue('en');
  const other = catalogue(locale);
  const ownTexts = Object.values(other).flatMap(texts).join('\n');
  const leaks = new Set<string>();
  for (const [key, message] of Object.entries(en)) {
    if (JSON.stringify(other[key]) === JSON.stringify(message)) continue;
    for (const text of texts(message))
      for (const fragment of text.split(/\{\w+\}/))
        if (
          /[A-Za-z]{3}/.test(fragment) &&
          fragment.trim().length >= 6 &&
          !ownTexts.includes(fragment.trim())
        )
          leaks.add(fragment.trim());
  }
  return [...leaks];
}

describe('every page in every language', () => {
  let athar: Instance;
  let browser: Browser;
  const paths: Record<string, string> = {};

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    const items = await prepareQueue(athar, [ADMIN]);
    const collectionId = await collectionIdOf(athar, QUEUE_PHOTOS.collection);
    const token = await createToken(athar, ADMIN.email);
    const me = await api<{ id: string }>(athar, token, 'GET', '/api/me');
    const queueId = await createQueue(athar, token, {
      collectionId,
      name: 'Generated queue',
      task: 'annotate',
      reviewsPerItem: 1,
      blind: false,
      memberIds: [me.body.id]
    });
    const body = await api<{ id: string }>(athar, token, 'POST', '/api/bodies', {
      collectionId,
      itemIds: [items[0]]
    });
    const person = await api<{ id: string }>(athar, token, 'POST', '/api/persons', {
      collectionId,
      name: 'سامي خليل'
    });
    expect([body.status, person.status]).toEqual([201, 201]);
    Object.assign(paths, {
      collections: '/',
      collection: `/collections/${collectionId}`,
      viewer: `/items/${items[0]}`,
      queues: '/queues',
      queue: `/queues/${queueId}`,
      body: `/bodies/${body.body.id}`,
      person: `/persons/${person.body.id}`,
      register: `/collections/${collectionId}/persons`,
      search: '/search',
      account: '/account',
      users: '/admin/users',
      'admin-collections': '/admin/collections',
      security: '/admin/security',
      audit: '/admin/audit'
    });
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  /** Signs in by the fields' names: the labels are in the language under test. */
  async function signIn(page: Page): Promise<void> {
    await page.goto('/login');
    await hydrated(page);
    await page.locator('input[name=email]').fill(ADMIN.email);
    await page.locator('input[name=password]').fill(ADMIN.password);
    await submit(page, 303, () => page.locator('input[name=password]').press('Enter'));
    await page.waitForURL((url) => url.pathname === '/');
  }

  async function visibleText(page: Page, path: string): Promise<string> {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await hydrated(page);
    // Technical codes and data marked translate="no" (audit details, unknown action codes) are not UI text.
    return page.evaluate(() => {
      let text = document.body.innerText;
      for (const element of document.querySelectorAll<HTMLElement>('[translate="no"]'))
        text = text.replace(element.innerText, '');
      return text;
    });
  }

  for (const locale of LOCALES) {
    // English is the reference and German awaits its texts: both only give screenshots.
    const checked = locale !== 'en' && !AWAITING_TRANSLATION.includes(locale);
    it(`shows every page in ${locale}${checked ? ' without English text' : ''}`, async () => {
      const { context, page } = await newContext(browser, athar.url, ACCEPT_LANGUAGE[locale]);
      await signIn(page);
      const forbidden = englishOnly(locale);
      const found: string[] = [];
      for (const [name, path] of Object.entries(paths)) {
        const text = await visibleText(page, path);
        expect(await page.locator('html').getAttribute('lang')).toBe(locale);
        expect(await page.locator('html').getAttribute('dir')).toBe(direction(locale));
        if (SHOT_PAGES.has(name)) await screenshot(page, `languages-${locale}-${name}`);
        if (!checked) continue;
        for (const english of forbidden) if (text.includes(english)) found.push(`${path}: ${english}`);
      }
      await context.close();
      expect(found).toEqual([]);
    });
  }
  it('switches the language from the header with a full page load, remembered on the account', async () => {
    const { context, page } = await newContext(browser, athar.url, ACCEPT_LANGUAGE.en);
    const logged: string[] = [];
    page.on('console', (message) => logged.push(message.text()));
    await signIn(page);
    await page.goto(paths.person!);
    await hydrated(page);
    await page.getByRole('link', { name: 'Deutsch' }).click();
    await page.locator('html[lang="de"][dir="ltr"]').waitFor({ state: 'attached' });
    expect(new URL(page.url()).pathname).toBe(paths.person);
    await page.getByRole('link', { name: 'العربية' }).click();
    await page.locator('html[lang="ar"][dir="rtl"]').waitFor({ state: 'attached' });
    expect(logged.filter((line) => line.includes('Not found'))).toEqual([]);
    await context.close();

    // Another browser that asks for English gets the account's Arabic once signed in.
    const other = await newContext(browser, athar.url, ACCEPT_LANGUAGE.en);
    await signIn(other.page);
    expect(await other.page.locator('html').getAttribute('lang')).toBe('ar');
    await other.context.close();
  });
});
