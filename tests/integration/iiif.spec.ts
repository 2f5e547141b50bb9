/**
 * The IIIF Image API 3.0 level-0 service: a valid info.json, every tile a viewer derives from it,
 * caching headers, access control (401 / 403 / 404, and prompt revocation), and refusal of any path
 * that is not a plain tile request.
 */
import http from 'node:http';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { collectionIdOf, query } from '../helpers/db.ts';
import { createClient, get, getJson, PASSWORD } from '../helpers/http.ts';
import { dominantColour, nearest, noiseJpeg, removeDir, tempDir, writeFiles } from '../helpers/images.ts';
import { addMember, addPerson, ingest, resultFor } from '../helpers/world.ts';

type Info = {
  '@context': string;
  id: string;
  type: string;
  protocol: string;
  profile: string;
  width: number;
  height: number;
  tiles: Array<{ width: number; height?: number; scaleFactors: number[] }>;
  sizes?: Array<{ width: number; height: number }>;
};

/** The tile URLs a IIIF viewer (OpenSeadragon, Mirador) requests for a level-0 service. */
function tileUrls(info: Info): Array<{ url: string; width: number; height: number }> {
  const tile = info.tiles[0]!;
  const tileHeight = tile.height ?? tile.width;
  const urls: Array<{ url: string; width: number; height: number }> = [];
  for (const sf of tile.scaleFactors) {
    const stepX = tile.width * sf;
    const stepY = tileHeight * sf;
    for (let y = 0; y < info.height; y += stepY) {
      for (let x = 0; x < info.width; x += stepX) {
        const w = Math.min(stepX, info.width - x);
        const h = Math.min(stepY, info.height - y);
        const size = { width: Math.ceil(w / sf), height: Math.ceil(h / sf) };
        urls.push({
          url: `${info.id}/${x},${y},${w},${h}/${size.width},${size.height}/0/default.jpg`,
          ...size
        });
      }
    }
  }
  return urls;
}

/** A request sent with this exact path: fetch() would normalise `..` and backslashes away. */
function rawGet(athar: Instance, rawPath: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      athar.url + '/',
      { path: rawPath, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }
    );
    req.on('error', reject);
  });
}

/** Two colours side by side, stored sideways with EXIF orientation 6 (a camera held upright). */
async function sidewaysPhoto(): Promise<Buffer> {
  const left = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#d02020' } })
    .png()
    .toBuffer();
  return sharp({ create: { width: 600, height: 400, channels: 3, background: '#2020d0' } })
    .composite([{ input: left, left: 0, top: 0 }])
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}

for (const dialect of DIALECTS) {
  describe(`IIIF image service (${dialect})`, () => {
    let athar: Instance;
    let fixtures: string;
    let photo: string; // 1301 × 907: four scale factors, tiles clipped at both edges
    let sideways: string;
    let hidden: string;
    let member: { id: string; token: string };
    let outsider: { id: string; token: string };
    let leaver: { id: string; token: string };

    beforeAll(async () => {
      athar = await startInstance(dialect);
      fixtures = tempDir();
      const dir = path.join(fixtures, 'in');
      writeFiles(dir, {
        'photo.jpg': await noiseJpeg(1301, 907, 1),
        'sideways.jpg': await sidewaysPhoto(),
        'hidden.jpg': await noiseJpeg(600, 400, 2)
      });
      const run = await ingest(athar, [dir], 'Tiles');
      expect(run.code, run.stderr).toBe(0);
      photo = resultFor(run.results, 'photo.jpg').itemId!;
      sideways = resultFor(run.results, 'sideways.jpg').itemId!;
      hidden = resultFor(run.results, 'hidden.jpg').itemId!;
      // An item whose ingest has not finished: nobody may see it yet.
      await query(athar, "update items set status = 'processing' where id = ?", [hidden]);

      await addPerson(athar, 'admin@example.org', 'admin');
      member = await addPerson(athar, 'member@example.org', 'reviewer');
      outsider = await addPerson(athar, 'outsider@example.org', 'reviewer');
      leaver = await addPerson(athar, 'leaver@example.org', 'reviewer');
      expect((await athar.cli(['collection', 'create', 'Elsewhere'])).code).toBe(0);
      await addMember(athar, 'Tiles', 'member@example.org');
      await addMember(athar, 'Tiles', 'leaver@example.org');
      await addMember(athar, 'Elsewhere', 'outsider@example.org');
    }, 240_000); // many CLI runs: slow on a busy machine
    afterAll(async () => {
      await athar?.destroy();
      if (fixtures) removeDir(fixtures);
    });

    it('describes each image in a valid IIIF Image 3 level-0 info.json', async () => {
      const res = await get(athar, `/iiif/${photo}/info.json`, member.token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/ld\+json/);
      const info = (await res.json()) as Info;
      expect(info).toMatchObject({
        '@context': 'http://iiif.io/api/image/3/context.json',
        id: `${athar.url}/iiif/${photo}`,
        type: 'ImageService3',
        protocol: 'http://iiif.io/api/image',
        profile: 'level0',
        width: 1301,
        height: 907,
        tiles: [{ width: 256, scaleFactors: [1, 2, 4, 8] }]
      });
      expect(info.sizes).toContainEqual({ width: 163, height: 114 });
    });

    it('answers every tile a viewer derives from info.json, cacheable and immutable', async () => {
      const info = await getJson<Info>(athar, `/iiif/${photo}/info.json`, member.token);
      const tiles = tileUrls(info);
      expect(tiles).toHaveLength(24 + 6 + 2 + 1);
      const etags = new Set<string>();
      for (const tile of tiles) {
        const res = await fetch(tile.url, { headers: { authorization: `Bearer ${member.token}` } });
        expect(res.status, tile.url).toBe(200);
        expect(res.headers.get('content-type')).toBe('image/jpeg');
        expect(res.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
        const etag = res.headers.get('etag') ?? '';
        expect(etag, 'a strong ETag').toMatch(/^"[^"]+"$/);
        etags.add(etag);
        const decoded = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
        expect([decoded.format, decoded.width, decoded.height], tile.url).toEqual([
          'jpeg',
          tile.width,
          tile.height
        ]);
      }
      expect(etags.size).toBe(tiles.length);
      // the single-tile level also answers under the `full` region
      const full = await get(athar, `/iiif/${photo}/full/163,114/0/default.jpg`, member.token);
      expect(full.status).toBe(200);
      expect(full.headers.get('etag')).toBe(
        (await get(athar, `/iiif/${photo}/0,0,1301,907/163,114/0/default.jpg`, member.token)).headers.get(
          'etag'
        )
      );
    });

    it('answers a matching If-None-Match with 304 and no body', async () => {
      const tile = `/iiif/${photo}/256,512,256,256/256,256/0/default.jpg`;
      const etag = (await get(athar, tile, member.token)).headers.get('etag')!;
      const again = await get(athar, tile, member.token, { 'if-none-match': etag });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect((await again.arrayBuffer()).byteLength).toBe(0);
      const other = await get(athar, tile, member.token, { 'if-none-match': '"something-else"' });
      expect(other.status).toBe(200);
    });

    it('cuts the pyramid upright for a photo with EXIF orientation', async () => {
      const info = await getJson<Info>(athar, `/iiif/${sideways}/info.json`, member.token);
      expect([info.width, info.height]).toEqual([400, 600]);
      for (const tile of tileUrls(info)) {
        const res = await fetch(tile.url, { headers: { authorization: `Bearer ${member.token}` } });
        expect(res.status, tile.url).toBe(200);
      }
      const thumb = Buffer.from(
        await (await get(athar, `/iiif/${sideways}/thumbnail.jpg`, member.token)).arrayBuffer()
      );
      const { width = 0, height = 0 } = await sharp(thumb).metadata();
      expect(height).toBeGreaterThan(width);
      const half = (top: number) =>
        sharp(thumb)
          .extract({ left: 0, top, width, height: Math.floor(height / 2) })
          .toBuffer()
          .then(dominantColour);
      const colours = { red: { r: 208, g: 32, b: 32 }, blue: { r: 32, g: 32, b: 208 } };
      // orientation 6: the stored left edge is the picture's top
      expect([nearest(await half(0), colours), nearest(await half(Math.ceil(height / 2)), colours)]).toEqual([
        'red',
        'blue'
      ]);
    });

    it('answers the access decision alone (204, no body) for a proxy that serves the tiles', async () => {
      const response = await get(athar, `/iiif/${photo}/access`, member.token);
      expect(response.status).toBe(204);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect((await response.arrayBuffer()).byteLength).toBe(0);
    });

    it('asks for credentials (401) when there are none', async () => {
      for (const url of [
        `/iiif/${photo}/info.json`,
        `/iiif/${photo}/0,0,256,256/256,256/0/default.jpg`,
        `/iiif/${photo}/thumbnail.jpg`,
        `/iiif/${photo}/access`
      ]) {
        expect((await get(athar, url)).status, url).toBe(401);
        expect((await get(athar, url, 'athar_' + 'a'.repeat(32))).status, url).toBe(401);
      }
    });

    it('refuses a user outside the collection (403): tiles, info.json and the item', async () => {
      for (const url of [
        `/iiif/${photo}/info.json`,
        `/iiif/${photo}/0,0,256,256/256,256/0/default.jpg`,
        `/iiif/${photo}/thumbnail.jpg`,
        `/iiif/${photo}/access`,
        `/api/items/${photo}`
      ]) {
        expect((await get(athar, url, outsider.token)).status, url).toBe(403);
      }
    });

    it('knows no item still processing, nor an unknown one (404)', async () => {
      for (const id of [hidden, 'a'.repeat(24)]) {
        for (const url of [
          `/iiif/${id}/info.json`,
          `/iiif/${id}/0,0,256,256/256,256/0/default.jpg`,
          `/iiif/${id}/thumbnail.jpg`,
          `/iiif/${id}/access`,
          `/api/items/${id}`
        ]) {
          expect((await get(athar, url, member.token)).status, url).toBe(404);
        }
      }
    });

    it('refuses path tricks and anything a level-0 service does not offer (400)', async () => {
      const tile = (rest: string) => `/iiif/${photo}/${rest}`;
      const bad = [
        `/iiif/${photo}/../${hidden}/info.json`,
        `/iiif/../iiif/${photo}/info.json`,
        `/iiif/${photo}/%2e%2e/info.json`,
        `/iiif/${photo}/%2E%2E/%2E%2E/athar.db`,
        `/iiif/${photo}%2finfo.json`,
        tile('0,0,256,256%2F256,256/0/default.jpg'),
        tile('0,0,256,256\\256,256/0/default.jpg'),
        tile('0,0,99999999,1/256,1/0/default.jpg'),
        tile('-256,0,256,256/256,256/0/default.jpg'),
        tile('0,-1,256,256/256,256/0/default.jpg'),
        tile('a,b,c,d/256,256/0/default.jpg'),
        tile('0,0,256,256/x,y/0/default.jpg'),
        tile('0,0,256,256/-256,256/0/default.jpg'),
        tile('00,0,256,256/256,256/0/default.jpg'),
        tile('0,0,256,256/0256,/0/default.jpg'),
        tile('pct:0,0,10,10/256,256/0/default.jpg'),
        tile('0,0,256,256/512,512/0/default.jpg'),
        tile('0,0,256,256/^512,512/0/default.jpg'),
        tile('0,0,256,256/256,256/90/default.jpg'),
        tile('0,0,256,256/256,256/!0/default.jpg'),
        tile('0,0,256,256/256,256/0/gray.jpg'),
        tile('0,0,256,256/256,256/0/default.png'),
        tile('0,0,256,256/256,256/0'),
        tile('0,0,256,256/256,256/0/default.jpg/extra')
      ];
      // served once first: a tile already answered (and remembered by its path) changes nothing
      expect(await rawGet(athar, tile('0,0,256,256/256,256/0/default.jpg'), member.token)).toBe(200);
      for (const url of bad) expect(await rawGet(athar, url, member.token), url).toBe(400);
      // the same requests done right are served
      expect(await rawGet(athar, tile('0,0,256,256/256,256/0/default.jpg'), member.token)).toBe(200);
    });

    it('stops tile access within seconds of removing the user from the collection', async () => {
      const tile = `/iiif/${photo}/0,0,256,256/256,256/0/default.jpg`;
      expect((await get(athar, tile, leaver.token)).status).toBe(200); // the access decision is now cached
      expect((await get(athar, `/iiif/${photo}/info.json`, leaver.token)).status).toBe(200);

      const admin = createClient(athar.url);
      const signedIn = await admin.request('/api/session', {
        json: { email: 'admin@example.org', password: PASSWORD }
      });
      expect(signedIn.status).toBe(200);
      const collectionId = await collectionIdOf(athar, 'Tiles');
      const removed = await admin.request(`/admin/collections/${collectionId}?/remove`, {
        form: { userId: leaver.id }
      });
      expect(removed.status).toBe(200);
      expect(
        await query(athar, 'select user_id from collection_members where collection_id = ? and user_id = ?', [
          collectionId,
          leaver.id
        ])
      ).toEqual([]);

      await expect
        .poll(async () => (await get(athar, tile, leaver.token)).status, {
          message: 'tile access to end',
          timeout: 15_000
        })
        .toBe(403);
      expect((await get(athar, `/iiif/${photo}/info.json`, leaver.token)).status).toBe(403);
      expect((await get(athar, `/api/items/${photo}`, leaver.token)).status).toBe(403);
      // the others keep their access
      expect((await get(athar, tile, member.token)).status).toBe(200);
    });
  });
}
