/**
 * Shared steps of the annotation e2e tests: an instance with people and one generated photograph
 * (noise and shapes drawn by sharp, never a real photo), signing in, opening the item once the
 * live session is up, and drawing on the OpenSeadragon canvas with the real mouse.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { Instance } from '../helpers/athar.ts';
import { hydrated, submit } from './browser.ts';

export type Person = { name: string; email: string; password: string; role: string; expert?: boolean };

export const COLLECTION = 'Generated review batch';

/** A forensic expert and reviewer, the one who draws in the annotation tests. */
export const AMAL: Person = {
  name: 'Amal Haddad',
  email: 'amal@example.org',
  password: 'correct horse battery',
  role: 'reviewer',
  expert: true
};
export const IMAGE = { width: 2400, height: 1600, name: 'generated-body.jpg' };

/** Adds the people and ingests one generated JPEG into a collection they all belong to. */
export async function prepare(athar: Instance, people: Person[]): Promise<void> {
  for (const who of people) {
    const args = ['user', 'add', who.email, '--name', who.name, '--role', who.role];
    if (who.expert) args.push('--expert');
    const added = await athar.cli(args, `${who.password}\n`);
    expect(added.code, added.stderr).toBe(0);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-anno-images-'));
  try {
    const shapes = Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${IMAGE.width}" height="${IMAGE.height}">` +
        `<rect width="100%" height="100%" fill="#8a7f74"/>` +
        `<ellipse cx="1200" cy="800" rx="700" ry="520" fill="#b59c86"/>` +
        `<circle cx="900" cy="650" r="90" fill="#6d5a8c"/><rect x="1400" y="900" width="260" height="40" fill="#7a3b3b"/>` +
        `</svg>`
    );
    await sharp(shapes).jpeg({ quality: 80 }).toFile(path.join(dir, IMAGE.name));
    const ingested = await athar.cli(['ingest', dir, '--collection', COLLECTION, '--json']);
    expect(ingested.code, ingested.stderr).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const who of people) {
    const member = await athar.cli(['member', 'add', COLLECTION, who.email]);
    expect(member.code, member.stderr).toBe(0);
  }
}

export async function signIn(page: Page, who: Person, base = ''): Promise<void> {
  await page.goto(`${base}/login`);
  await hydrated(page);
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await submit(page, 303, () => page.getByLabel('Password').press('Enter'));
  await page.waitForURL((url) => url.pathname === '/');
}

/** The item's id, found through the collection's API as the signed-in user. */
export async function itemId(page: Page): Promise<string> {
  const collections = (await (await page.request.get('/api/collections')).json()) as Array<{
    id: string;
    name: string;
  }>;
  const collection = collections.find((c) => c.name === COLLECTION);
  if (!collection) throw new Error('collection not listed');
  const items = (await (await page.request.get(`/api/collections/${collection.id}/items`)).json()) as {
    items: Array<{ id: string; originalName: string }>;
  };
  const item = items.items.find((i) => i.originalName === IMAGE.name);
  if (!item) throw new Error('item not listed');
  return item.id;
}

/** Opens the item and waits for the image, Annotorious and the live session. */
export async function openItem(page: Page, id: string, base = ''): Promise<void> {
  await page.goto(`${base}/items/${id}`);
  await hydrated(page);
  await page.locator('[data-testid=viewer][data-opened=true]').waitFor();
  await page.locator('[data-testid=annotation-bar][data-ready=true]').waitFor();
  await page.locator('[data-testid=sync-status][data-status=connected]').waitFor();
}

/** Fits the image to the view and waits until the view has stopped moving. */
export async function fitToView(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Fit to view' }).click();
  await settled(page);
}

/** Waits until the viewer's view (the presence layer's "x,y,w,h") stays the same for a moment. */
export async function settled(page: Page): Promise<void> {
  const layer = page.getByTestId('presence-layer');
  let last = '';
  await expect
    .poll(
      async () => {
        const now = (await layer.getAttribute('data-view')) ?? '';
        const same = now === last;
        last = now;
        return same;
      },
      { timeout: 15_000, interval: 250 }
    )
    .toBe(true);
}

/** A point of the image (pixels) in page coordinates, through the viewer's current view. */
export async function imageToPage(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('viewer').boundingBox();
  if (!box) throw new Error('no viewer');
  const view = await page.getByTestId('presence-layer').getAttribute('data-view');
  const [vx, vy, vw, vh] = (view ?? '').split(',').map(Number) as [number, number, number, number];
  return { x: box.x + ((x - vx) / vw) * box.width, y: box.y + ((y - vy) / vh) * box.height };
}

/** Drags a rectangle between two image points with the real mouse (rectangle tool on). */
export async function dragRectangle(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number }
): Promise<void> {
  const a = await imageToPage(page, from.x, from.y);
  const b = await imageToPage(page, to.x, to.y);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
}

export const entries = (page: Page) => page.getByTestId('annotation-entry');

/** Waits until the list shows `count` annotations. */
export async function waitForCount(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid=annotation-entry]').length === n,
    count
  );
}

/** Waits until the server has received everything this page changed. */
export async function waitSynced(page: Page): Promise<void> {
  await page
    .locator('[data-testid=sync-status][data-status=connected] [data-testid=unsynced][data-count="0"]')
    .waitFor({
      state: 'attached'
    });
}
