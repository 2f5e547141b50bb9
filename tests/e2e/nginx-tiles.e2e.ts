/**
 * The deployment of deploy/nginx.conf in front of Athar, in real Chromium: a reviewer signs in
 * through nginx and opens an image; the viewer's info.json brings a tile pass for that item, and
 * nginx sends the tiles from its tile store — which only a valid pass fills, so files in it are tiles
 * nginx sent on a pass it checked itself.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { noiseJpeg, removeDir, tempDir } from '../helpers/images.ts';
import { freePort, frontOfAthar, nginxBinary, startNginx, stop, type Nginx } from '../helpers/nginx.ts';
import { addMember, addUser, ingestImages } from '../helpers/world.ts';
import { TILE_PASS_COOKIE } from '../../src/lib/server/evidence/tile-pass.ts';
import { launchBrowser, newContext } from './browser.ts';
import { AMAL, signIn } from './steps.ts';

const SECRET = 'e2e-secret-of-the-tile-passes-0123456789';

describe('nginx in front of Athar, in the browser', () => {
  let athar: Instance;
  let nginx: Nginx;
  let browser: Browser;
  let work: string;
  let itemId: string;

  beforeAll(async () => {
    // Athar must know the public origin (nginx's) before nginx knows Athar's port.
    const port = await freePort();
    [athar, browser] = await Promise.all([
      startInstance('sqlite', {
        ORIGIN: `http://127.0.0.1:${port}`,
        TRUST_PROXY: '127.0.0.1',
        TILE_PASS_SECRET: SECRET
      }),
      launchBrowser()
    ]);
    await addUser(athar, AMAL.email, AMAL);
    [itemId] = (await ingestImages(athar, 'Behind nginx', {
      'generated-large.jpg': await noiseJpeg(2400, 1600, 77)
    })) as [string];
    await addMember(athar, 'Behind nginx', AMAL.email);
    work = tempDir('athar-nginx-e2e-');
    fs.chmodSync(work, 0o755); // nginx's workers run as an unprivileged user
    nginx = await startNginx(nginxBinary(), work, 'front', 1, frontOfAthar(work, athar.url, SECRET), port);
  });

  afterAll(async () => {
    await browser?.close();
    if (nginx) await stop(nginx.child);
    await athar?.destroy();
    if (work) removeDir(work);
  });

  it('draws the image from tiles nginx sends on the pass it checks itself', async () => {
    const { context, page } = await newContext(browser, nginx.url);
    await signIn(page, AMAL);
    await page.goto(`/items/${itemId}`);
    await page.locator('[data-testid=viewer][data-fully-loaded=true]').waitFor();
    expect(Number(await page.getByTestId('viewer').getAttribute('data-tiles-loaded'))).toBeGreaterThan(0);

    const pass = (await context.cookies()).find((c) => c.name === TILE_PASS_COOKIE);
    expect(pass).toMatchObject({ path: `/iiif/${itemId}/`, httpOnly: true, sameSite: 'Strict' });
    const stored = fs.readdirSync(path.join(work, 'front-tile-store', itemId), { recursive: true });
    expect(stored.filter((name) => String(name).endsWith('.jpg')).length).toBeGreaterThan(0);
    await context.close();
  });
});
