/**
 * View together on a body page in real Chromium, two people in two browser contexts: Amal starts a
 * session on a body, Bassel joins it from the invitation; while Amal keeps the photographs blurred,
 * Bassel's are blurred too and he has no reveal of his own; when Amal reveals for everyone, every
 * photograph on Bassel's body page is shown unblurred, and he can still blur them for himself; when
 * Amal ends the session, Bassel's photographs are blurred again.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { api } from '../helpers/http.ts';
import { shapesJpeg } from '../helpers/images.ts';
import { createToken } from '../helpers/world.ts';
import { hydrated, launchBrowser, newContext } from './browser.ts';
import { AMAL, BASSEL, prepare, signIn } from './steps.ts';

const COLLECTION = 'Generated body coview batch';

/** The CSS filter of every photograph on the body page. */
const photoFilters = (page: Page) =>
  page
    .getByTestId('body-photos')
    .locator('img')
    .evaluateAll((images) => images.map((img) => getComputedStyle(img).filter));
const allBlurred = async (page: Page) => (await photoFilters(page)).every((f) => /blur\(/.test(f));
const allShown = async (page: Page) => (await photoFilters(page)).every((f) => f === 'none');

async function open(page: Page, body: string) {
  await page.goto(`/bodies/${body}`);
  await hydrated(page);
  await page.getByTestId('body-photos').locator('img').nth(1).waitFor();
}

describe('view together on a body page in the browser', () => {
  let athar: Instance;
  let browser: Browser;
  let lead: Page;
  let colleague: Page;

  beforeAll(async () => {
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    const items = await prepare(athar, [AMAL, BASSEL], COLLECTION, {
      'body-photo-1.jpg': await shapesJpeg(800, 600, 1),
      'body-photo-2.jpg': await shapesJpeg(800, 600, 2)
    });
    const token = await createToken(athar, AMAL.email);
    const collections = await api<Array<{ id: string; name: string }>>(
      athar,
      token,
      'GET',
      '/api/collections'
    );
    const collectionId = collections.body.find((c) => c.name === COLLECTION)!.id;
    const made = await api<{ id: string }>(athar, token, 'POST', '/api/bodies', {
      collectionId,
      itemIds: items
    });
    expect(made.status).toBe(201);
    ({ page: lead } = await newContext(browser, athar.url));
    ({ page: colleague } = await newContext(browser, athar.url));
    await Promise.all([signIn(lead, AMAL), signIn(colleague, BASSEL)]);
    await Promise.all([open(lead, made.body.id), open(colleague, made.body.id)]);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  it('the lead starts, the colleague is invited and joins, blurred', async () => {
    expect(await photoFilters(colleague)).toHaveLength(2);
    expect(await allBlurred(colleague)).toBe(true);
    await lead.getByTestId('coview').getByRole('button', { name: 'View together' }).click();
    await lead.getByText('You lead this session. People in it: 1').waitFor();
    const panel = colleague.getByTestId('coview');
    await panel.getByText(`${AMAL.name} is viewing this body's photographs together with others.`).waitFor();
    await panel.getByRole('button', { name: 'Join' }).click();
    await panel.getByText(`Viewing together with ${AMAL.name} (lead). People in it: 2`).waitFor();
    await panel.getByText('The lead keeps the photographs blurred.').waitFor();
    expect(await allBlurred(colleague)).toBe(true);
    expect(await colleague.getByRole('button', { name: 'Reveal', exact: true }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: /for everyone/ }).count()).toBe(0);
  });

  it("the lead reveals for everyone: the colleague's photographs are unblurred, blur for me still works", async () => {
    await lead.getByRole('button', { name: 'Reveal for everyone' }).click();
    await expect.poll(() => allShown(lead)).toBe(true);
    await colleague.getByText('The lead has revealed the photographs.').waitFor();
    await expect.poll(() => allShown(colleague)).toBe(true);
    await colleague.getByLabel('Blur for me').check();
    await expect.poll(() => allBlurred(colleague)).toBe(true);
    expect(await allShown(lead)).toBe(true);
    await colleague.getByLabel('Blur for me').uncheck();
    await expect.poll(() => allShown(colleague)).toBe(true);
  });

  it("the lead ends the session: the colleague's photographs are blurred again", async () => {
    await lead.getByRole('button', { name: 'End session' }).click();
    await expect.poll(() => allBlurred(lead)).toBe(true);
    // The colleague's page learns it on its next poll of the session (every 1.5 s).
    await colleague.getByTestId('coview').getByRole('button', { name: 'View together' }).waitFor();
    await expect.poll(() => allBlurred(colleague)).toBe(true);
  });
});
