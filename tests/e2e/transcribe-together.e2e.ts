/**
 * Transcribing together in real Chromium: two people (one working in English, one in Arabic) open
 * the same page of a generated two-page document, type Arabic into it at the same time and see the
 * same text, each other's carets and names; marks (toolbar and shortcut), paragraph direction and
 * the structured fields travel live; the page goes through review (the sender cannot approve, the
 * other person can, an edit after approval sends it back), an older version is restored, an OCR
 * draft is added, and the search page finds مُحَمَّد for محمد and ٢١٥ for 215.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { addMember, addUser } from '../helpers/world.ts';
import { textPage, tiffOf } from '../helpers/images.ts';
import { hydrated, launchBrowser, newContext, screenshot, submit } from './browser.ts';

const AMAL = { name: 'Amal Reviewer', email: 'amal@example.org', password: 'correct horse battery' };
const BASEL = { name: 'باسل', email: 'basel@example.org', password: 'staple battery horse' };
const OLGA = { name: 'Olga Observer', email: 'olga@example.org', password: 'battery staple correct' };
const COLLECTION = 'Detention records';
const EDITOR = '[data-testid=transcription-editor]';

async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await hydrated(page);
  await page.locator('input[name=email]').fill(who.email);
  await page.locator('input[name=password]').fill(who.password);
  await submit(page, 303, () => page.locator('input[name=password]').press('Enter'));
  await page.waitForURL((url) => url.pathname === '/');
}

/** Waits until the editor's blocks read `expected` (co-editors' caret labels left out). */
async function blocksBecome(page: Page, expected: string[]): Promise<void> {
  await page.waitForFunction(
    ([selector, want]) => {
      const editor = document.querySelector(selector);
      const got = [...(editor?.children ?? [])].map((block) => {
        const copy = block.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.collaboration-carets__caret').forEach((c) => c.remove());
        return copy.textContent ?? '';
      });
      return JSON.stringify(got) === want;
    },
    [EDITOR, JSON.stringify(expected)] as const,
    { timeout: 20_000 }
  );
}

/** Selects `word` in the editor as a person would with the mouse (the editor reads DOM selections). */
async function selectWord(page: Page, word: string): Promise<void> {
  await page.locator(EDITOR).focus();
  await page.evaluate(
    ([selector, text]) => {
      const walker = document.createTreeWalker(document.querySelector(selector)!, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf(text);
        if (at < 0 || node.parentElement?.closest('.collaboration-carets__caret')) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + text.length);
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        return;
      }
      throw new Error(`no "${text}" in the editor`);
    },
    [EDITOR, word] as const
  );
  // ProseMirror takes the DOM selection on `selectionchange`, which fires asynchronously.
  await page.waitForFunction((text) => getSelection()?.toString() === text, word);
}

const statusOf = (page: Page) => page.getByTestId('page-status').getAttribute('data-status');
const statusBecomes = (page: Page, status: string) =>
  page.locator(`[data-testid=page-status][data-status=${status}]`).waitFor({ timeout: 20_000 });

describe('transcribing a document page together', () => {
  let athar: Instance;
  let browser: Browser;
  let amal: Page;
  let basel: Page;
  let images: string;
  let pagePath = '';

  beforeAll(async () => {
    images = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-pages-'));
    const tiff = await tiffOf([
      await textPage(['أمر نقل', 'إلى الفرع'], { rtl: true }),
      await textPage(['Transfer order 215'], { font: 'DejaVu Serif 14' })
    ]);
    fs.writeFileSync(path.join(images, 'transfer-order.tiff'), tiff);
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    for (const [who, role] of [
      [AMAL, 'reviewer'],
      [BASEL, 'reviewer'],
      [OLGA, 'observer']
    ] as const) {
      await addUser(athar, who.email, { ...who, role });
    }
    const ingested = await athar.cli(['ingest', images, '--collection', COLLECTION, '--kind', 'document']);
    expect(ingested.code, ingested.stderr).toBe(0);
    for (const who of [AMAL, BASEL, OLGA]) await addMember(athar, COLLECTION, who.email);
    ({ page: amal } = await newContext(browser, athar.url, 'en-US'));
    ({ page: basel } = await newContext(browser, athar.url, 'ar'));
    await Promise.all([signIn(amal, AMAL), signIn(basel, BASEL)]);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
    if (images) fs.rmSync(images, { recursive: true, force: true });
  });

  it('opens the transcription view from the collection browser, with page navigation', async () => {
    await amal.getByRole('link', { name: COLLECTION }).click();
    await amal.waitForURL((url) => url.pathname.startsWith('/collections/'));
    await amal
      .getByTestId('thumbnails')
      .getByRole('link', { name: /^Transcribe/ })
      .first()
      .waitFor();
    await screenshot(amal, 'collection-documents');
    // Both pages are cards of their own, in no set order: take page 1's.
    await amal
      .getByTestId('thumbnails')
      .getByRole('option')
      .filter({ hasText: 'p. 1' })
      .getByRole('link', { name: /^Transcribe/ })
      .click();
    await amal.waitForURL((url) => /^\/items\/[a-z2-7]{24}\/transcribe$/.test(url.pathname));
    pagePath = new URL(amal.url()).pathname;
    await amal.getByText('Page 1 of 2').waitFor();
    await amal.locator('.editor-frame[data-ready=true]').waitFor();
    expect(await amal.getByRole('link', { name: 'Next page' }).getAttribute('href')).toMatch(
      /^\/items\/[a-z2-7]{24}\/transcribe$/
    );

    await basel.goto(pagePath);
    await basel.locator('html[lang=ar][dir=rtl]').waitFor({ state: 'attached' });
    await basel.locator('.editor-frame[data-ready=true]').waitFor();
    await basel.getByText('صفحة 1 من 2').or(basel.getByText('الصفحة 1 من 2')).first().waitFor();
  });

  it('converges when both type Arabic into the same page at once, and shows each other’s carets', async () => {
    await amal.locator(EDITOR).click();
    await amal.keyboard.type('الفرع ٢١٥', { delay: 30 });
    await amal.keyboard.press('Enter');
    await blocksBecome(basel, ['الفرع ٢١٥', '']);

    await amal.locator(`${EDITOR} > p`).first().click();
    await amal.keyboard.press('End');
    await basel.locator(`${EDITOR} > p`).nth(1).click();
    await Promise.all([
      amal.keyboard.type(' مُحَمَّد', { delay: 40 }),
      basel.keyboard.type('أحمد', { delay: 40 })
    ]);
    const expected = ['الفرع ٢١٥ مُحَمَّد', 'أحمد'];
    await Promise.all([blocksBecome(amal, expected), blocksBecome(basel, expected)]);

    // No dir stored: each paragraph is dir="auto" and reads right to left from its Arabic text.
    const directions = await amal
      .locator(`${EDITOR} > p`)
      .evaluateAll((ps) => ps.map((p) => [p.getAttribute('dir'), getComputedStyle(p).direction]));
    expect(directions).toEqual([
      ['auto', 'rtl'],
      ['auto', 'rtl']
    ]);

    await basel.locator('.collaboration-carets__label', { hasText: AMAL.name }).waitFor();
    await amal.locator('.collaboration-carets__label', { hasText: BASEL.name }).waitFor();
    await amal.getByTestId('presence').getByText(BASEL.name).waitFor();
    await basel.getByTestId('presence').getByText(AMAL.name).waitFor();
  });

  it('applies marks from the toolbar and by shortcut, and sets a paragraph’s direction', async () => {
    await selectWord(amal, 'مُحَمَّد');
    await amal.getByRole('button', { name: "Person's name" }).click();
    await basel.locator(`${EDITOR} span[data-mark=personName]`, { hasText: 'مُحَمَّد' }).waitFor();
    expect(await amal.getByRole('button', { name: "Person's name" }).getAttribute('aria-pressed')).toBe(
      'true'
    );

    await selectWord(basel, '٢١٥');
    await basel.keyboard.press('Control+Shift+1');
    await amal.locator(`${EDITOR} span[data-mark=unclear]`, { hasText: '٢١٥' }).waitFor();
    const styles = await amal
      .locator(`${EDITOR} span[data-mark]`)
      .evaluateAll((spans) => spans.map((s) => getComputedStyle(s).backgroundColor));
    expect(new Set(styles).size).toBe(2); // each mark looks different

    await basel.locator(`${EDITOR} > p`).nth(1).click();
    await basel.getByRole('button', { name: 'من اليسار إلى اليمين' }).click();
    await amal.locator(`${EDITOR} > p[dir=ltr]`, { hasText: 'أحمد' }).waitFor();
    await basel.getByRole('button', { name: 'تلقائي' }).click();
    await amal.locator(`${EDITOR} > p[dir=auto]`, { hasText: 'أحمد' }).waitFor();
  });

  it('edits the structured fields live', async () => {
    await amal.getByLabel('Document type').selectOption('transfer_order');
    await basel.waitForFunction(() =>
      [...document.querySelectorAll('select')].some((s) => s.value === 'transfer_order')
    );
    await basel.getByLabel('التاريخ (ميلادي)').fill('٢٠١٣-٠٥');
    await basel.getByLabel('التاريخ غير مؤكد').check();
    await amal.waitForFunction(() =>
      [...document.querySelectorAll('input')].some((i) => i.value === '2013-05')
    );
    await amal.getByLabel('The date is uncertain').waitFor();
    expect(await amal.getByLabel('The date is uncertain').isChecked()).toBe(true);
    await amal.getByLabel('Date (Gregorian)').fill('2013-13');
    await amal.getByRole('alert').filter({ hasText: 'YYYY-MM' }).waitFor();
    await amal.getByLabel('Date (Gregorian)').fill('2013-05-21');
    await basel.waitForFunction(() =>
      [...document.querySelectorAll('input')].some((i) => i.value === '2013-05-21')
    );

    await amal.getByLabel('Detainee number').fill('٢١٥');
    await amal.getByRole('textbox', { name: 'Name to add' }).fill('مُحَمَّد أحمد');
    await amal.getByRole('button', { name: 'Add name' }).click();
    await basel.getByTestId('names').getByText('مُحَمَّد أحمد').waitFor();

    for (const page of [amal, basel]) await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(amal, 'transcribe-en');
    await screenshot(basel, 'transcribe-ar');
  });

  it('goes through review: the sender cannot approve, the other person can, an edit reopens it', async () => {
    await amal.getByRole('button', { name: 'Send for review' }).click();
    await statusBecomes(amal, 'needs_review');
    await amal.getByTestId('submitted-by').filter({ hasText: AMAL.name }).waitFor();

    await amal.getByRole('button', { name: 'Approve' }).click();
    await amal.getByRole('alert').filter({ hasText: 'Approval needs a second person' }).waitFor();
    expect(await statusOf(amal)).toBe('needs_review');

    await statusBecomes(basel, 'needs_review');
    await basel.getByRole('button', { name: 'اعتماد' }).click();
    await statusBecomes(basel, 'approved');
    await statusBecomes(amal, 'approved');
    await amal.getByTestId('approved-by').filter({ hasText: BASEL.name }).waitFor();

    await amal.locator(`${EDITOR} > p`).nth(1).click();
    await amal.keyboard.press('End');
    await amal.keyboard.type(' تعديل', { delay: 30 });
    await statusBecomes(amal, 'needs_review');
    await statusBecomes(basel, 'needs_review');
  });

  it('restores the approved version after a confirmation', async () => {
    const itemId = pagePath.split('/')[2]!;
    // The newest version without the edit made after approval: the one taken at approval.
    const { versions } = (await (await amal.request.get(`/api/items/${itemId}/transcription`)).json()) as {
      versions: Array<{ id: string }>;
    };
    let approved = '';
    for (const v of versions) {
      const { text } = (await (await amal.request.get(`/api/items/${itemId}/versions/${v.id}`)).json()) as {
        text: string;
      };
      if (!text.includes('تعديل') && text.includes('مُحَمَّد')) {
        approved = v.id;
        break;
      }
    }
    expect(approved).not.toBe('');

    const entry = basel.locator(`[data-version="${approved}"]`);
    await entry.waitFor();
    await entry.getByRole('button', { name: 'عرض' }).click();
    await entry.getByRole('region').getByText('أحمد', { exact: true }).waitFor();
    await entry.getByRole('button', { name: 'استعادة…' }).click();
    await entry.getByRole('button', { name: 'استعادة هذه النسخة' }).click();
    await basel.getByRole('status').filter({ hasText: 'استُعيدت النسخة.' }).waitFor();

    const expected = ['الفرع ٢١٥ مُحَمَّد', 'أحمد'];
    await Promise.all([blocksBecome(amal, expected), blocksBecome(basel, expected)]);
    await amal.locator(`${EDITOR} span[data-mark=personName]`, { hasText: 'مُحَمَّد' }).waitFor();

    // The marks the browser wrote are the ones the TEI export knows.
    const tei = await (await amal.request.get(`/api/items/${itemId}/export?format=tei`)).text();
    expect(tei).toContain('<persName>مُحَمَّد</persName>');
    expect(tei).toContain('<unclear>٢١٥</unclear>');
    expect(await amal.getByRole('link', { name: 'TEI-XML' }).getAttribute('href')).toBe(
      `/api/items/${itemId}/export?format=tei`
    );
  });

  it('shows the page read-only to an observer', async () => {
    const { context, page: olga } = await newContext(browser, athar.url, 'en-US');
    await signIn(olga, OLGA);
    await olga.goto(pagePath);
    await olga.locator('.editor-frame[data-ready=true]').waitFor();
    await blocksBecome(olga, ['الفرع ٢١٥ مُحَمَّد', 'أحمد']);
    const editor = olga.locator(EDITOR);
    expect(await editor.getAttribute('contenteditable')).toBe('false');
    expect(await editor.getAttribute('aria-readonly')).toBe('true');
    await olga.getByText('Read only: observers cannot change the transcription.').waitFor();
    expect(await olga.getByRole('toolbar', { name: 'Transcription tools' }).count()).toBe(0);
    expect(await olga.getByRole('button', { name: 'Send for review' }).count()).toBe(0);
    expect(await olga.getByRole('button', { name: /^OCR draft/ }).count()).toBe(0);
    expect(await olga.getByLabel('Detainee number').isDisabled()).toBe(true);
    await context.close();
  });

  it('adds an OCR draft of the next page', async () => {
    await amal.getByRole('link', { name: 'Next page' }).click();
    await amal.getByText('Page 2 of 2').waitFor();
    await amal.locator('.editor-frame[data-ready=true]').waitFor();
    await amal.getByRole('button', { name: 'OCR draft (English)' }).click();
    await amal
      .getByRole('status')
      .filter({ hasText: 'characters added as a draft' })
      .waitFor({ timeout: 60_000 });
    await amal.locator(`${EDITOR} > p[dir=ltr]`, { hasText: 'Transfer order 215' }).waitFor();
  });

  it('finds مُحَمَّد when searching محمد, and ٢١٥ when searching 215', async () => {
    await amal.getByRole('link', { name: 'Search', exact: true }).click();
    await amal.waitForURL((url) => url.pathname === '/search');
    await hydrated(amal);
    const results = amal.getByTestId('search-results');
    for (const [q, marked] of [
      ['محمد', 'مُحَمَّد'],
      ['215', '٢١٥']
    ] as const) {
      await amal.getByLabel('Search for').fill(q);
      await amal.getByRole('button', { name: 'Search', exact: true }).click();
      await amal.waitForURL((url) => url.searchParams.get('q') === q);
      await results.locator('mark', { hasText: marked }).first().waitFor();
    }
    await screenshot(amal, 'search-en');
    await results.getByRole('link').filter({ hasText: 'page 1' }).click();
    await amal.waitForURL((url) => url.pathname === pagePath);
    await amal.locator('.editor-frame[data-ready=true]').waitFor();
  });
});
