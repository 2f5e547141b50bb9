/**
 * Athar's IIIF in a real IIIF viewer: Mirador 4 (the `mirador` package's self-contained bundle)
 * opens an item's Presentation 3.0 manifest in Chromium, draws the image from Athar's level-0
 * tiles and shows the shared layer's findings. Mirador runs on Athar's own origin (a test page
 * the browser is handed for a path Athar does not serve), so it reads manifests, annotations and
 * tiles with the signed-in reviewer's session cookie, as a same-origin viewer would.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { shapesJpeg } from '../helpers/images.ts';
import { addMember, addUser, createToken, ingestImages } from '../helpers/world.ts';
import { launchBrowser, newContext, screenshot } from './browser.ts';
import { AMAL, rect, signIn, writeLayer } from './steps.ts';

const COLLECTION = 'Generated IIIF batch';
const MIRADOR = path.resolve('node_modules/mirador/dist/mirador.min.js');

function viewerPage(manifest: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Mirador</title></head>
<body style="margin:0"><div id="mirador" style="position:absolute;inset:0"></div>
<script src="/__mirador/mirador.min.js"></script>
<script>
  Mirador.viewer({
    id: 'mirador',
    windows: [{ manifestId: ${JSON.stringify(manifest)}, highlightAllAnnotations: true, sideBarOpen: true }],
    window: { allowClose: false },
    workspaceControlPanel: { enabled: false }
  });
</script></body></html>`;
}

describe('IIIF in Mirador', () => {
  let athar: Instance;
  let browser: Browser;
  let itemId: string;

  beforeAll(async () => {
    athar = await startInstance('sqlite');
    const amalId = await addUser(athar, AMAL.email, AMAL);
    [itemId] = (await ingestImages(athar, COLLECTION, {
      'generated-body.jpg': await shapesJpeg(1600, 1200)
    })) as [string];
    await addMember(athar, COLLECTION, AMAL.email);
    await writeLayer(athar, await createToken(athar, AMAL.email), `item/${itemId}`, amalId, [
      { id: 'finding-1', target: rect(200, 150, 400, 300), finding: { lesionType: 'contusion' } }
    ]);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await athar?.destroy();
  });

  async function openMirador(page: Page, manifest: string): Promise<void> {
    // The test page and the bundle are handed to the browser for Athar's origin; everything else
    // Mirador asks for goes to Athar itself.
    await page.route(`${athar.url}/__mirador/`, (route) =>
      route.fulfill({ contentType: 'text/html', body: viewerPage(manifest) })
    );
    await page.route(`${athar.url}/__mirador/mirador.min.js`, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: fs.readFileSync(MIRADOR) })
    );
    await page.goto('/__mirador/');
  }

  it('draws the image from the tiles and shows the findings', async () => {
    const { context, page } = await newContext(browser, athar.url);
    try {
      await signIn(page, AMAL);
      const tiles: Array<{ url: string; status: number }> = [];
      page.on('response', (r) => {
        if (new URL(r.url()).pathname.match(new RegExp(`^/iiif/${itemId}/[^/]+/[^/]+/0/default\\.jpg$`)))
          tiles.push({ url: r.url(), status: r.status() });
      });
      const annotationPages: number[] = [];
      page.on('response', (r) => {
        if (new URL(r.url()).pathname === `/iiif/annotations/item/${itemId}`)
          annotationPages.push(r.status());
      });
      await openMirador(page, `${athar.url}/iiif/manifests/item/${itemId}`);

      // The label of the manifest, then the finding in the annotations panel (and on the image).
      await page.getByText('generated-body.jpg').first().waitFor();
      // Mirador fetches a Canvas's AnnotationPages when its annotations panel opens.
      await page.getByRole('tab', { name: /annotations/i }).click();
      await page.getByText('Showing 1 annotation').waitFor();
      await page.getByText('contusion').first().waitFor();
      expect(annotationPages).toEqual([200]);
      await expect.poll(() => tiles.length, { timeout: 20_000 }).toBeGreaterThan(0);
      expect(tiles.every((t) => t.status === 200)).toBe(true);

      // The image drawn: OpenSeadragon's canvas holds pixels that are not the background.
      await expect
        .poll(
          () =>
            page.evaluate(() => {
              const canvas = document.querySelector<HTMLCanvasElement>('.openseadragon-canvas canvas');
              if (!canvas || canvas.width === 0) return 0;
              const copy = document.createElement('canvas');
              copy.width = 64;
              copy.height = 64;
              const g = copy.getContext('2d')!;
              g.drawImage(canvas, 0, 0, 64, 64);
              const data = g.getImageData(0, 0, 64, 64).data;
              const colours = new Set<string>();
              for (let i = 0; i < data.length; i += 4)
                colours.add(`${data[i]! >> 4},${data[i + 1]! >> 4},${data[i + 2]! >> 4}`);
              return colours.size;
            }),
          { timeout: 20_000 }
        )
        .toBeGreaterThan(3);
      await screenshot(page, 'iiif-mirador');
    } finally {
      await context.close();
    }
  });
});
