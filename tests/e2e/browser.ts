/**
 * Real Chromium for e2e tests: Debian's /usr/bin/chromium driven by playwright-core (no downloaded
 * browsers). Each test file launches one browser and opens a context per person.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots go; outside the repository, never committed. */
export const SHOTS_DIR = path.join(os.tmpdir(), 'athar-shots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  });
}

/**
 * A fresh context (its own cookie jar: one person) against `baseURL`, in English unless told
 * otherwise, so the app's Accept-Language choice does not depend on the machine.
 */
export async function newContext(
  browser: Browser,
  baseURL: string,
  locale = 'en-US'
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ baseURL, locale, viewport: { width: 1200, height: 800 } });
  // Fail a step well before Vitest's test timeout, with Playwright's own message.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  return { context, page };
}

/**
 * Waits until SvelteKit has hydrated the current document. Type into a freshly loaded page only
 * after this: Svelte re-applies each input's `value={…}` when it hydrates, so text typed into the
 * server-rendered form before that is silently wiped. There is no public "hydrated" signal; SvelteKit
 * starts its router right after hydrating, and the router's first act is to set
 * `history.scrollRestoration` to 'manual' (it puts back 'auto' when the document unloads). If that
 * ever changes, this wait fails loudly rather than letting a test race.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => history.scrollRestoration === 'manual');
}

/** The CSS filter on the viewer's image (the blur and greyscale of safer viewing, the aids). */
export const imageFilter = (page: Page) =>
  page
    .getByTestId('viewer')
    .locator('canvas')
    .first()
    .evaluate((canvas) => getComputedStyle(canvas).filter);

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS_DIR, `${name}.png`), fullPage: true });
}

/**
 * Runs `trigger` (a click or Enter that submits a form) and checks the status of the POST it sends;
 * a refused form fails the test right there with the server's reason, not with a later timeout.
 */
export async function submit(page: Page, expected: number, trigger: () => Promise<void>): Promise<void> {
  const answered = page.waitForResponse(
    (r) =>
      r.request().method() === 'POST' && r.request().isNavigationRequest() && r.frame() === page.mainFrame()
  );
  // When the trigger itself fails, its error is the one to report, not this wait's later timeout.
  answered.catch(() => {});
  await trigger();
  const response = await answered;
  if (response.status() !== expected) {
    const body = response.status() >= 400 ? await response.text().catch(() => '') : '';
    throw new Error(
      `POST ${new URL(response.url()).pathname} answered ${response.status()}, expected ${expected}: ${body.slice(0, 300)}`
    );
  }
}
