/**
 * Browser uploads: a coordinator picks two generated JPEGs and a text file named .jpg; each goes up
 * with its own progress bar, the two images are ingested and the impostor is rejected with the
 * server's reason. Reviewers get no upload page and no link to one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { addMember, addUser } from '../helpers/world.ts';
import { launchBrowser, newContext, screenshot, submit } from './browser.ts';

const COORDINATOR = {
  name: 'Karim Coordinator',
  email: 'karim@example.org',
  password: 'staple battery horse'
};
const REVIEWER = { name: 'Rana Reviewer', email: 'rana@example.org', password: 'correct horse battery' };
const COLLECTION = 'Intake';

async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await submit(page, 303, () => page.getByLabel('Password').press('Enter'));
  await page.waitForURL((url) => url.pathname === '/');
}

describe('uploads from the browser', () => {
  let athar: Instance;
  let browser: Browser;
  let files: string;
  let collectionPath = '';

  beforeAll(async () => {
    files = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-uploads-'));
    [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
    // Generated noise, never photographs; and a text file that only pretends to be a JPEG.
    for (const [name, mean] of [
      ['first.jpg', 110],
      ['second.jpg', 150]
    ] as const) {
      await sharp({
        create: {
          width: 1600,
          height: 1200,
          channels: 3,
          background: '#000',
          noise: { type: 'gaussian', mean, sigma: 40 }
        }
      })
        .jpeg()
        .toFile(path.join(files, name));
    }
    fs.writeFileSync(path.join(files, 'notes.jpg'), 'These are meeting notes, not an image.\n');

    await addUser(athar, COORDINATOR.email, { ...COORDINATOR, role: 'coordinator' });
    await addUser(athar, REVIEWER.email, { ...REVIEWER, role: 'reviewer' });
    const created = await athar.cli(['collection', 'create', COLLECTION]);
    expect(created.code, created.stderr).toBe(0);
    for (const who of [COORDINATOR, REVIEWER]) await addMember(athar, COLLECTION, who.email);
  });
  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
    if (files) fs.rmSync(files, { recursive: true, force: true });
  });

  it('ingests two images and rejects the text file, each with its own status', async () => {
    const { page } = await newContext(browser, athar.url);
    await signIn(page, COORDINATOR);
    await page.getByRole('link', { name: COLLECTION }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/collections/'));
    collectionPath = new URL(page.url()).pathname;
    await page.getByText('This collection has no items yet.').waitFor();

    await page.getByRole('link', { name: 'Upload' }).click();
    await page.waitForURL((url) => url.pathname === `${collectionPath}/upload`);
    await page.getByRole('heading', { name: 'Upload files' }).waitFor();

    const posts: number[] = [];
    page.on('response', (r) => {
      if (r.request().method() === 'POST' && r.url().includes('/uploads?kind=photo')) posts.push(r.status());
    });
    await page
      .getByLabel('Choose files')
      .setInputFiles(['first.jpg', 'second.jpg', 'notes.jpg'].map((name) => path.join(files, name)));

    const rows = page.getByTestId('upload');
    expect(await rows.count()).toBe(3);
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid=upload]').length === 3 &&
        [...document.querySelectorAll('[data-testid=upload]')].every((row) =>
          ['ingested', 'duplicate', 'rejected', 'failed'].includes(row.getAttribute('data-status') ?? '')
        ),
      null,
      { timeout: 60_000 }
    );
    const row = (name: string) => rows.filter({ hasText: name });
    expect(await row('first.jpg').getAttribute('data-status')).toBe('ingested');
    expect(await row('second.jpg').getAttribute('data-status')).toBe('ingested');
    expect(await row('notes.jpg').getAttribute('data-status')).toBe('rejected');
    expect(await row('notes.jpg').getByTestId('reason').textContent()).toBe(
      'This is not an image in a supported format.'
    );
    expect(await row('notes.jpg').textContent()).toContain('Rejected');
    expect(await row('first.jpg').getByRole('progressbar').getAttribute('value')).toBe('1');
    expect(await page.getByTestId('upload-summary').textContent()).toBe(
      '2 ingested · 0 already there · 1 rejected'
    );
    expect(posts.sort()).toEqual([201, 201, 422]);
    await screenshot(page, 'upload-done');

    // The new items are in the collection, and open in the viewer from the upload list.
    await row('first.jpg').getByRole('link', { name: 'Open' }).click();
    await page.waitForURL((url) => /^\/items\/[a-z2-7]{24}$/.test(url.pathname));
    await page.getByRole('heading', { name: 'first.jpg' }).waitFor();
    await page.goto(collectionPath);
    const counts = (await page.getByTestId('counts').textContent())?.replace(/\s+/g, ' ').trim();
    expect(counts).toBe('2 items ready 2 photos 0 document pages');
  });

  it('gives reviewers neither the upload page nor a link to it', async () => {
    const { page } = await newContext(browser, athar.url);
    await signIn(page, REVIEWER);
    await page.goto(collectionPath);
    await page.getByRole('heading', { name: COLLECTION }).waitFor();
    expect(await page.getByRole('link', { name: 'Upload' }).count()).toBe(0);
    const response = await page.goto(`${collectionPath}/upload`);
    expect(response?.status()).toBe(403);
  });
});
