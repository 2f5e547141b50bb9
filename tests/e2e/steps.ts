/**
 * Shared steps of the e2e tests: people and generated photographs put in place through the
 * test-world builder (tests/helpers/world.ts), and what a person does in the browser: signing in,
 * opening an item once the live session is up, drawing on the OpenSeadragon canvas with the real
 * mouse, waiting for the server to hold every change. Review layers are written through the stock
 * y-websocket provider in Node, as a browser would.
 */
import type { Browser, Page } from 'playwright-core';
import { expect, vi } from 'vitest';
import { writeAnnotation, type AnnotationRecord } from '../../src/lib/model/document-schema.ts';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { join } from '../helpers/collab.ts';
import { api } from '../helpers/http.ts';
import { shapesJpeg } from '../helpers/images.ts';
import { addMember, addUser, ingestImages, type Account } from '../helpers/world.ts';
import { hydrated, launchBrowser, newContext, submit } from './browser.ts';

export type Person = Account & { name: string; email: string; password: string };

/** A forensic expert and reviewer, the one who draws in the annotation tests. */
export const AMAL: Person = {
  name: 'Amal Haddad',
  email: 'amal@example.org',
  password: 'correct horse battery',
  role: 'reviewer',
  expert: true
};

/** A reviewer without the expert flag, Amal's colleague in the annotation tests. */
export const BASSEL: Person = {
  name: 'Bassel Nasser',
  email: 'bassel@example.org',
  password: 'battery staple horse',
  role: 'reviewer'
};

/** A coordinator: makes queues and sets their rules. */
export const CORA: Person = {
  name: 'Cora Coordinator',
  email: 'cora@example.org',
  password: 'horse staple battery',
  role: 'coordinator'
};

/** Adds the people, ingests the images into one collection and makes everyone a member. */
export async function prepare(
  athar: Instance,
  people: Person[],
  collection: string,
  images: Record<string, Buffer>,
  extra: string[] = []
): Promise<string[]> {
  for (const who of people) await addUser(athar, who.email, who);
  const ids = await ingestImages(athar, collection, images, extra);
  for (const who of people) await addMember(athar, collection, who.email);
  return ids;
}

/** The annotation tests' world: one large generated photograph. */
export const ANNOTATION = {
  collection: 'Generated review batch',
  width: 2400,
  height: 1600,
  name: 'generated-body.jpg'
};

export async function prepareAnnotation(athar: Instance, people: Person[]): Promise<void> {
  const image = await shapesJpeg(ANNOTATION.width, ANNOTATION.height);
  await prepare(athar, people, ANNOTATION.collection, { [ANNOTATION.name]: image });
}

/** The queue tests' world: two generated photographs, body-a first in the queue. */
export const QUEUE_PHOTOS = {
  collection: 'Generated queue batch',
  width: 1600,
  height: 1200,
  names: ['body-a.jpg', 'body-b.jpg']
};

export async function prepareQueue(athar: Instance, people: Person[]): Promise<string[]> {
  const images: Record<string, Buffer> = {};
  for (const [i, name] of QUEUE_PHOTOS.names.entries())
    images[name] = await shapesJpeg(QUEUE_PHOTOS.width, QUEUE_PHOTOS.height, i);
  return prepare(athar, people, QUEUE_PHOTOS.collection, images, ['--workers', '1']);
}

export async function signIn(page: Page, who: Person, base = ''): Promise<void> {
  await page.goto(`${base}/login`);
  await hydrated(page);
  await page.getByLabel(/E-mail|البريد الإلكتروني/).fill(who.email);
  await page.getByLabel(/Password|كلمة المرور/).fill(who.password);
  await submit(page, 303, () => page.getByLabel(/Password|كلمة المرور/).press('Enter'));
  await page.waitForURL((url) => url.pathname === '/');
}

/** The item's id, found through the collection's API as the signed-in user. */
export async function itemId(page: Page): Promise<string> {
  const collections = (await (await page.request.get('/api/collections')).json()) as Array<{
    id: string;
    name: string;
  }>;
  const collection = collections.find((c) => c.name === ANNOTATION.collection);
  if (!collection) throw new Error('collection not listed');
  const items = (await (await page.request.get(`/api/collections/${collection.id}/items`)).json()) as {
    items: Array<{ id: string; originalName: string }>;
  };
  const item = items.items.find((i) => i.originalName === ANNOTATION.name);
  if (!item) throw new Error('item not listed');
  return item.id;
}

/** Opens the item and waits for the image, Annotorious, the live session and the opening frame. */
export async function openItem(page: Page, id: string, base = ''): Promise<void> {
  await page.goto(`${base}/items/${id}`);
  await hydrated(page);
  await page.locator('[data-testid=viewer][data-opened=true]').waitFor();
  await page.locator('[data-testid=annotation-bar][data-ready=true]').waitFor();
  await page.locator('[data-testid=sync-status][data-status=connected]').waitFor();
  await openingDecided(page);
}

/** Waits until the view has opened where it stays (framed on the findings, or the whole image). */
export async function openingDecided(page: Page): Promise<void> {
  await page.locator('[data-testid=opening-frame]:not([data-state=pending])').waitFor({ state: 'attached' });
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
  // As a person would, scroll the viewer up until it fits the window (or its top reaches the
  // window's top): what the page shows above it (content note, labels, controls) must not leave the
  // point under the fold, where the mouse cannot reach it. Once it fits, this scrolls no more.
  await page.getByTestId('viewer').evaluate((el) => {
    const { top, bottom } = el.getBoundingClientRect();
    if (bottom > innerHeight) window.scrollBy(0, Math.min(top, bottom - innerHeight));
  });
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

/** Draws a rectangle between two image points with the rectangle tool, and waits for its entry. */
export async function drawRectangle(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number }
): Promise<void> {
  await page.getByRole('button', { name: 'Rectangle', exact: true }).click();
  const before = await entries(page).count();
  await dragRectangle(page, from, to);
  await waitForCount(page, before + 1);
}

/** Sets a field of the selected finding in the annotation view's panel. */
export async function setField(page: Page, label: string, value: string): Promise<void> {
  await page.getByTestId('finding-panel').getByLabel(label, { exact: true }).selectOption(value);
}

/** Waits until the server has received everything this page drew, then leaves the fields. */
export async function settle(page: Page): Promise<void> {
  await waitSynced(page);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** The queue collection's id and items, as `token`'s holder sees them. */
export async function collectionItems(athar: Instance, token: string) {
  const collections = await api<Array<{ id: string; name: string }>>(athar, token, 'GET', '/api/collections');
  const collection = collections.body.find((c) => c.name === QUEUE_PHOTOS.collection)!;
  const items = await api<{ items: Array<{ id: string; originalName: string }> }>(
    athar,
    token,
    'GET',
    `/api/collections/${collection.id}/items`
  );
  return { collectionId: collection.id, items: items.body.items };
}

export const rect = (x: number, y: number, w: number, h: number): AnnotationRecord['target'] => ({
  type: 'FragmentSelector',
  conformsTo: 'http://www.w3.org/TR/media-frags/',
  value: `xywh=pixel:${x},${y},${w},${h}`
});

/**
 * Writes findings into a room through the stock provider, as a browser would, and waits until the
 * server holds them (a second peer sees them only once the server has applied them).
 */
export async function writeLayer(
  athar: Instance,
  token: string,
  room: string,
  userId: string,
  findings: Array<{ id: string; target: AnnotationRecord['target']; finding: AnnotationRecord['finding'] }>
): Promise<void> {
  const peer = await join(athar, room, { token });
  try {
    const now = Date.now();
    for (const f of findings)
      writeAnnotation(peer.doc, {
        ...f,
        createdBy: userId,
        createdAt: now,
        updatedBy: userId,
        updatedAt: now
      });
    const check = await join(athar, room, { token });
    try {
      await vi.waitFor(
        () =>
          expect(check.doc.getMap('annotations').size, `${room}'s annotations`).toBeGreaterThanOrEqual(
            findings.length
          ),
        { timeout: 20_000, interval: 100 }
      );
    } finally {
      check.close();
    }
  } finally {
    peer.close();
  }
}

export type Pair = {
  athar: Instance;
  browser: Browser;
  amal: Page;
  other: Page;
  id: string;
  problems: string[];
};

/**
 * Amal and one colleague, each in their own browser context, signed in to a fresh instance holding
 * the annotation photograph; page errors and console errors of both are collected in `problems`.
 */
export async function annotatingPair(colleague: Person): Promise<Pair> {
  const [athar, browser] = await Promise.all([startInstance('sqlite'), launchBrowser()]);
  await prepareAnnotation(athar, [AMAL, colleague]);
  const [{ page: amal }, { page: other }] = await Promise.all([
    newContext(browser, athar.url),
    newContext(browser, athar.url)
  ]);
  const problems: string[] = [];
  for (const page of [amal, other]) {
    page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
  }
  await Promise.all([signIn(amal, AMAL), signIn(other, colleague)]);
  return { athar, browser, amal, other, id: await itemId(amal), problems };
}
