/**
 * Shared steps of the review-queue e2e tests: people and generated photographs (noise and shapes
 * drawn by sharp, never a real photo), signing in, API calls with a personal token, and review
 * layers written through the stock y-websocket provider in Node.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { expect } from 'vitest';
import { writeAnnotation, type AnnotationRecord } from '../../src/lib/model/document-schema.ts';
import type { Instance } from '../helpers/athar.ts';
import { join } from '../helpers/collab.ts';
import { imageToPage } from './annotation-support.ts';
import { hydrated, submit } from './browser.ts';

export type Person = { name: string; email: string; password: string; role: string; expert?: boolean };

export const COLLECTION = 'Generated queue batch';
export const IMAGE = { width: 1600, height: 1200 };
export const NAMES = ['body-a.jpg', 'body-b.jpg'];

/** Adds the people, ingests generated JPEGs into one collection and makes everyone a member. */
export async function prepare(athar: Instance, people: Person[]): Promise<void> {
  for (const who of people) {
    const args = ['user', 'add', who.email, '--name', who.name, '--role', who.role];
    if (who.expert) args.push('--expert');
    const added = await athar.cli(args, `${who.password}\n`);
    expect(added.code, added.stderr).toBe(0);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-queue-images-'));
  try {
    for (const [i, name] of NAMES.entries()) {
      const svg = Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${IMAGE.width}" height="${IMAGE.height}">` +
          `<rect width="100%" height="100%" fill="#7d8a80"/>` +
          `<ellipse cx="800" cy="600" rx="${500 - i * 60}" ry="380" fill="#a89482"/>` +
          `<circle cx="600" cy="450" r="70" fill="#5d4a7c"/>` +
          `<rect x="1000" y="700" width="200" height="36" fill="#7a3b3b"/></svg>`
      );
      // Ingest order follows modification time: keep body-a first.
      const file = path.join(dir, name);
      await sharp(svg).jpeg({ quality: 80 }).toFile(file);
      const at = new Date(Date.now() - (NAMES.length - i) * 60_000);
      fs.utimesSync(file, at, at);
    }
    const ingested = await athar.cli(['ingest', dir, '--collection', COLLECTION, '--workers', '1']);
    expect(ingested.code, ingested.stderr).toBe(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const who of people) {
    const member = await athar.cli(['member', 'add', COLLECTION, who.email]);
    expect(member.code, member.stderr).toBe(0);
  }
}

export async function signIn(page: Page, who: Person): Promise<void> {
  await page.goto('/login');
  await hydrated(page);
  await page.getByLabel(/E-mail|البريد الإلكتروني/).fill(who.email);
  await page.getByLabel(/Password|كلمة المرور/).fill(who.password);
  await submit(page, 303, () => page.getByLabel(/Password|كلمة المرور/).press('Enter'));
  await page.waitForURL((url) => url.pathname === '/');
}

export async function tokenFor(athar: Instance, who: Person): Promise<string> {
  const created = await athar.cli(['token', 'create', who.email, '--label', 'e2e']);
  expect(created.code, created.stderr).toBe(0);
  return created.stdout.trim().split('\n').at(-1)!.trim();
}

/** A JSON API call with a bearer token; the parsed body (null for 204). */
export async function api<T>(
  athar: Instance,
  token: string,
  method: string,
  url: string,
  body?: unknown
): Promise<{ status: number; body: T }> {
  const response = await fetch(athar.url + url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined && { 'content-type': 'application/json' })
    },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function collectionItems(athar: Instance, token: string) {
  const collections = await api<Array<{ id: string; name: string }>>(athar, token, 'GET', '/api/collections');
  const collection = collections.body.find((c) => c.name === COLLECTION)!;
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
 * server holds them (a sync round after the writes is answered only once they are applied).
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
      await waitUntil(`${room} to hold ${findings.length} annotation(s)`, () =>
        Promise.resolve(check.doc.getMap('annotations').size >= findings.length)
      );
    } finally {
      check.close();
    }
  } finally {
    peer.close();
  }
}

/** Polls an async condition (for state outside any page: the database, another process). */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 20_000
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Draws a rectangle between two image points with the real mouse, and waits for its finding panel. */
export async function drawRectangle(
  page: Page,
  from: { x: number; y: number },
  to: { x: number; y: number }
): Promise<void> {
  await page.getByRole('button', { name: 'Rectangle', exact: true }).click();
  const a = await imageToPage(page, from.x, from.y);
  const b = await imageToPage(page, to.x, to.y);
  const before = await page.getByTestId('annotation-entry').count();
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid=annotation-entry]').length === n,
    before + 1
  );
}

/** Sets a field of the selected finding in the annotation view's panel. */
export async function setField(page: Page, label: string, value: string): Promise<void> {
  await page.getByTestId('finding-panel').getByLabel(label, { exact: true }).selectOption(value);
}

/** Waits until the server has received everything this page drew, then leaves the fields. */
export async function settle(page: Page): Promise<void> {
  await page
    .locator('[data-testid=sync-status][data-status=connected] [data-testid=unsynced][data-count="0"]')
    .waitFor({ state: 'attached' });
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}
