/**
 * View together in real Chromium, two people in two browser contexts: Amal starts a session on an
 * item, Bassel sees the invitation and joins (and follows her view); while Amal keeps the image blurred Bassel's view is
 * blurred and he has no reveal of his own; when Amal reveals, Bassel's view is revealed too, and he
 * can still blur it for himself. Bassel cannot reveal for the session (the server refuses).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { shapesJpeg } from '../helpers/images.ts';
import { hydrated, imageFilter, launchBrowser, newContext } from './browser.ts';
import { AMAL, BASSEL, prepare, signIn } from './steps.ts';

async function open(page: Page, item: string) {
  await page.goto(`/items/${item}`);
  await hydrated(page);
  await page.locator('[data-testid=viewer][data-opened=true]').waitFor();
}

describe('view together in the browser', () => {
  let athar: Instance;
  let browser: Browser;
  let lead: Page;
  let colleague: Page;
  let item: string;

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    [item] = (await prepare(athar, [AMAL, BASSEL], 'Generated batch', {
      'generated.jpg': await shapesJpeg(800, 600)
    })) as [string];
    ({ page: lead } = await newContext(browser, athar.url));
    ({ page: colleague } = await newContext(browser, athar.url));
    await Promise.all([signIn(lead, AMAL), signIn(colleague, BASSEL)]);
    await Promise.all([open(lead, item), open(colleague, item)]);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('the lead starts, the colleague is invited and joins, blurred', async () => {
    await lead.getByTestId('coview').getByRole('button', { name: 'View together' }).click();
    await lead.getByText('You lead this session. People in it: 1').waitFor();
    const panel = colleague.getByTestId('coview');
    await panel.getByText(`${AMAL.name} is viewing this item together with others.`).waitFor();
    await panel.getByRole('button', { name: 'Join' }).click();
    await panel.getByText(`Viewing together with ${AMAL.name} (lead). People in it: 2`).waitFor();
    await panel.getByText('The lead keeps the image blurred.').waitFor();
    // Joining follows the lead's view (presence), as the annotate-together follow does.
    await colleague.getByText(`Following ${AMAL.name}`).waitFor();
    expect(await imageFilter(colleague)).toMatch(/blur\(/);
    expect(await colleague.getByRole('button', { name: 'Reveal', exact: true }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: /for everyone/ }).count()).toBe(0);
  });

  it('the lead reveals: the colleague sees it revealed and can blur it for himself', async () => {
    await lead.getByRole('button', { name: 'Reveal for everyone' }).click();
    await expect.poll(() => imageFilter(lead)).toBe('none');
    await colleague.getByText('The lead has revealed the image.').waitFor();
    await expect.poll(() => imageFilter(colleague)).toBe('none');
    await colleague.getByLabel('Blur for me').check();
    await expect.poll(() => imageFilter(colleague)).toMatch(/blur\(/);
    expect(await imageFilter(lead)).toBe('none');
    await colleague.getByLabel('Blur for me').uncheck();
    await expect.poll(() => imageFilter(colleague)).toBe('none');
  });

  it('the colleague cannot drive the reveal for the lead', async () => {
    await lead.getByRole('button', { name: 'Blur for everyone' }).click();
    await colleague.getByText('The lead keeps the image blurred.').waitFor();
    await expect.poll(() => imageFilter(colleague)).toMatch(/blur\(/);
    const forged = await colleague.request.post(`/api/items/${item}/coview`, {
      data: { action: 'reveal', revealed: true },
      headers: { origin: athar.url }
    });
    expect(forged.status()).toBe(403);
    expect(((await forged.json()) as { error: { code: string } }).error.code).toBe('forbidden');
    await lead.reload();
    await hydrated(lead);
    await lead.getByRole('button', { name: 'Reveal for everyone' }).waitFor();
    expect(await imageFilter(lead)).toMatch(/blur\(/);
  });
});
