/**
 * The audit log page as an administrator reads it: people and items by name (the id on hover),
 * never a bare id where a name exists, and the table inside the page's width however long the
 * details are.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { shapesJpeg } from '../helpers/images.ts';
import { addUser, ingestImages } from '../helpers/world.ts';
import { launchBrowser, newContext, screenshot } from './browser.ts';
import { signIn, type Person } from './steps.ts';

const ADMIN: Person = {
  name: 'Hiba Administrator',
  email: 'hiba@example.org',
  password: 'staple horse correct battery',
  role: 'admin'
};
const REVIEWER: Person = {
  name: 'Yusuf Reviewer',
  email: 'yusuf@example.org',
  password: 'battery correct horse staple',
  role: 'reviewer'
};

describe('audit log page', () => {
  let athar: Instance;
  let browser: Browser;

  beforeAll(async () => {
    athar = await startInstance('sqlite');
    await addUser(athar, ADMIN.email, ADMIN);
    await addUser(athar, REVIEWER.email, REVIEWER);
    await ingestImages(athar, 'Generated audit batch', {
      'generated-audit-photo.jpg': await shapesJpeg(640, 480)
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('names people and items and fits the page', async () => {
    const { context, page } = await newContext(browser, athar.url);
    try {
      await signIn(page, ADMIN);
      await page.goto('/admin/audit');
      const names = page.getByTestId('audit-name');
      await names.first().waitFor();
      const shown = await names.allInnerTexts();
      expect(shown).toContain(ADMIN.name);
      expect(shown).toContain(REVIEWER.name);
      expect(shown).toContain('generated-audit-photo.jpg');
      expect(shown).toContain('Generated audit batch');
      // A name carries its id for whoever needs it.
      const title = await names.filter({ hasText: REVIEWER.name }).first().getAttribute('title');
      expect(title).toMatch(/^[a-z2-7]{24}$/);
      expect(await page.locator('table.audit').innerText()).not.toContain(title!);

      // Inside the page's width at a laptop's 1280 px and on a phone's 390 px.
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 800 });
        await page.waitForFunction((w) => document.documentElement.clientWidth === w, width);
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth
        );
        expect(overflow, `overflow at ${width} px`).toBeLessThanOrEqual(0);
        // Readable, not squeezed: a person's name stays on one line.
        const lines = await names
          .filter({ hasText: ADMIN.name })
          .first()
          .evaluate((el) => el.getClientRects().length);
        expect(lines, `lines of a name at ${width} px`).toBe(1);
        await screenshot(page, `audit-page-${width}`);
      }
    } finally {
      await context.close();
    }
  });
});
