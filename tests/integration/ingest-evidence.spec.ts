/**
 * What `athar ingest` keeps as evidence: bit-identical, read-only originals addressed by their
 * SHA-256; provenance (name, path, size, dimensions, EXIF) behind `GET /api/items/:id`; a recorded
 * download of the exact bytes; one audit row per item; idempotent re-runs; one stored original for
 * content in two collections; and a multi-page TIFF as one document with one item per page.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { countOf, query } from '../helpers/db.ts';
import { get, getJson } from '../helpers/http.ts';
import {
  dominantColour,
  flatJpeg,
  multiPageTiff,
  nearest,
  noiseJpeg,
  removeDir,
  type Rgb,
  tempDir,
  writeFiles
} from '../helpers/images.ts';
import {
  addMember,
  addPerson,
  filesUnder,
  ingest,
  type IngestResult,
  originalFile,
  resultFor,
  verifiedAuditRows
} from '../helpers/world.ts';

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const PAGES: Record<string, Rgb> = {
  red: { r: 200, g: 30, b: 30 },
  green: { r: 30, g: 170, b: 50 },
  blue: { r: 30, g: 40, b: 200 }
};
const MODIFIED = new Date('2014-01-02T03:04:05.000Z');

type ItemJson = Record<string, unknown> & { id: string; sha256: string; documentId: string | null };

for (const dialect of DIALECTS) {
  describe(`ingest keeps evidence (${dialect})`, () => {
    let athar: Instance;
    let fixtures: string;
    let files: Record<string, string>;
    let first: { code: number | null; results: IngestResult[] };
    let admin: { id: string; token: string };
    let reviewer: { id: string; token: string };

    beforeAll(async () => {
      athar = await startInstance(dialect);
      fixtures = tempDir();
      files = writeFiles(path.join(fixtures, 'batch'), {
        'camera.jpg': await flatJpeg(
          600,
          400,
          { r: 120, g: 90, b: 60 },
          {
            IFD0: { Make: 'TestCam', Model: 'X1' },
            IFD2: { DateTimeOriginal: '2013:08:21 06:30:00' },
            IFD3: {
              GPSLatitudeRef: 'N',
              GPSLatitude: '33/1 30/1 4968/100',
              GPSLongitudeRef: 'E',
              GPSLongitude: '36/1 16/1 3540/100'
            }
          }
        ),
        'plain.jpg': await flatJpeg(640, 480, { r: 70, g: 110, b: 140 }),
        'register.tiff': await multiPageTiff(600, 400, [PAGES.red!, PAGES.green!, PAGES.blue!])
      });
      for (const file of Object.values(files)) fs.utimesSync(file, MODIFIED, MODIFIED);
      first = await ingest(athar, [path.join(fixtures, 'batch')], 'Evidence A');
      admin = await addPerson(athar, 'admin@example.org', 'admin');
      reviewer = await addPerson(athar, 'reviewer@example.org', 'reviewer');
      await addMember(athar, 'Evidence A', 'reviewer@example.org');
    });
    afterAll(async () => {
      await athar?.destroy();
      if (fixtures) removeDir(fixtures);
    });

    it('ingests every file of the batch', () => {
      expect(first.code).toBe(0);
      expect(first.results.map((r) => [path.basename(r.path), r.status])).toEqual([
        ['camera.jpg', 'ingested'],
        ['plain.jpg', 'ingested'],
        ['register.tiff', 'ingested']
      ]);
    });

    it('stores each original bit-identical under its SHA-256, read-only', () => {
      for (const [name, source] of Object.entries(files)) {
        const bytes = fs.readFileSync(source);
        const sha256 = sha256Of(bytes);
        expect(resultFor(first.results, name).sha256).toBe(sha256);
        const stored = originalFile(athar, sha256);
        expect(fs.readFileSync(stored).equals(bytes), name).toBe(true);
        expect(fs.statSync(stored).mode & 0o777, name).toBe(0o444);
      }
      expect(filesUnder(athar, 'originals')).toHaveLength(3);
      expect(filesUnder(athar, 'tmp')).toEqual([]);
    });

    it('records provenance, EXIF included, in GET /api/items/:id', async () => {
      const bytes = fs.readFileSync(files['camera.jpg']!);
      const { itemId } = resultFor(first.results, 'camera.jpg');
      const item = await getJson<ItemJson>(athar, `/api/items/${itemId}`, reviewer.token);
      expect(item).toMatchObject({
        id: itemId,
        kind: 'photo',
        page: 0,
        documentId: null,
        sha256: sha256Of(bytes),
        mime: 'image/jpeg',
        bytes: bytes.length,
        width: 600,
        height: 400,
        originalName: 'camera.jpg',
        originalPath: files['camera.jpg'],
        originalModifiedAt: MODIFIED.toISOString(),
        ingestedBy: expect.stringMatching(/^cli:/),
        iiif: `${athar.url}/iiif/${itemId}/info.json`
      });
      // EXIF times carry no zone: the server reads them as local time, as this process does.
      expect(item.exif).toEqual({
        capturedAt: new Date(2013, 7, 21, 6, 30, 0).toISOString(),
        make: 'TestCam',
        model: 'X1',
        gps: { latitude: expect.closeTo(33.5138, 4), longitude: expect.closeTo(36.2765, 4) }
      });

      const plain = resultFor(first.results, 'plain.jpg');
      const other = await getJson<ItemJson>(athar, `/api/items/${plain.itemId}`, reviewer.token);
      expect(other).toMatchObject({ width: 640, height: 480, originalName: 'plain.jpg', exif: {} });
    });

    it('serves the exact original bytes and records the download as a view', async () => {
      const source = fs.readFileSync(files['camera.jpg']!);
      const { itemId } = resultFor(first.results, 'camera.jpg');
      const before = await getJson<unknown[]>(athar, `/api/items/${itemId}/views`, admin.token);
      expect(before).toEqual([]);

      const res = await get(athar, `/api/items/${itemId}/original`, reviewer.token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('digest')).toBe(
        `sha-256=${createHash('sha256').update(source).digest('base64')}`
      );
      expect(Buffer.from(await res.arrayBuffer()).equals(source)).toBe(true);

      const views = await getJson<Array<Record<string, unknown>>>(
        athar,
        `/api/items/${itemId}/views`,
        admin.token
      );
      expect(views).toEqual([
        expect.objectContaining({ via: 'original', userId: reviewer.id, email: 'reviewer@example.org' })
      ]);
      // a reviewer may download, but not see who else looked
      expect((await get(athar, `/api/items/${itemId}/views`, reviewer.token)).status).toBe(403);
    });

    it('writes one audit row per item, and the chain stays intact', async () => {
      const items = await query<{ id: string; sha256: string }>(athar, 'select id, sha256 from items');
      expect(items).toHaveLength(1 + 1 + 3);
      const rows = await query<{ target: string; details: string }>(
        athar,
        "select target, details from audit_log where action = 'evidence.ingest' order by seq"
      );
      expect(rows.map((r) => r.target).sort()).toEqual(items.map((i) => i.id).sort());
      for (const row of rows) {
        const item = items.find((i) => i.id === row.target)!;
        expect(JSON.parse(row.details)).toMatchObject({ sha256: item.sha256 });
      }
      await verifiedAuditRows(athar);
    });

    it('re-ingests the same directory idempotently: all duplicates, nothing new', async () => {
      const before = {
        originals: filesUnder(athar, 'originals'),
        tiles: filesUnder(athar, 'tiles'),
        items: await countOf(athar, 'select count(*) as n from items'),
        documents: await countOf(athar, 'select count(*) as n from documents'),
        audit: await verifiedAuditRows(athar)
      };
      const again = await ingest(athar, [path.join(fixtures, 'batch')], 'Evidence A');
      expect(again.code).toBe(0);
      expect(again.results.map((r) => [path.basename(r.path), r.status, r.itemId])).toEqual(
        first.results.map((r) => [path.basename(r.path), 'duplicate', r.itemId])
      );
      expect({
        originals: filesUnder(athar, 'originals'),
        tiles: filesUnder(athar, 'tiles'),
        items: await countOf(athar, 'select count(*) as n from items'),
        documents: await countOf(athar, 'select count(*) as n from documents'),
        audit: await verifiedAuditRows(athar)
      }).toEqual(before);
      expect(filesUnder(athar, 'tmp')).toEqual([]);
    });

    it('makes the same file in another collection a new item, storing the original once', async () => {
      const originals = filesUnder(athar, 'originals');
      const tiles = filesUnder(athar, 'tiles');
      const earlier = resultFor(first.results, 'camera.jpg');
      const other = await ingest(athar, [files['camera.jpg']!], 'Evidence B');
      expect(other.code).toBe(0);
      expect(other.results).toEqual([
        expect.objectContaining({ status: 'ingested', sha256: earlier.sha256, reason: null })
      ]);
      const itemId = other.results[0]!.itemId!;
      expect(itemId).not.toBe(earlier.itemId);
      expect(filesUnder(athar, 'originals')).toEqual(originals);
      expect(filesUnder(athar, 'tiles')).toEqual(tiles);

      const item = await getJson<ItemJson>(athar, `/api/items/${itemId}`, admin.token);
      expect(item.sha256).toBe(earlier.sha256);
      const res = await get(athar, `/api/items/${itemId}/original`, admin.token);
      expect(Buffer.from(await res.arrayBuffer()).equals(fs.readFileSync(files['camera.jpg']!))).toBe(true);
      // the reviewer belongs to A only
      expect((await get(athar, `/api/items/${itemId}`, reviewer.token)).status).toBe(403);
    });

    it('keeps the same content twice in one run once: one item, one original, one audit row', async () => {
      const bytes = await flatJpeg(600, 400, { r: 15, g: 200, b: 190 });
      const sha256 = sha256Of(bytes);
      const twins = writeFiles(path.join(fixtures, 'twins'), { 'a.jpg': bytes, 'b.jpg': bytes });
      const run = await ingest(athar, [path.dirname(twins['a.jpg']!)], 'Evidence A', ['--workers', '2']);
      expect(run.code).toBe(0);
      expect(run.results.map((r) => r.status).sort()).toEqual(['duplicate', 'ingested']);
      const rows = await query<{ id: string; status: string }>(
        athar,
        'select id, status from items where sha256 = ?',
        [sha256]
      );
      expect(rows).toEqual([
        { id: run.results.find((r) => r.status === 'ingested')!.itemId, status: 'ready' }
      ]);
      expect(
        await countOf(
          athar,
          "select count(*) as n from audit_log where action = 'evidence.ingest' and target = ?",
          [rows[0]!.id]
        )
      ).toBe(1);
      expect(filesUnder(athar, 'originals').filter((f) => f.endsWith(sha256))).toHaveLength(1);
      expect(filesUnder(athar, 'tmp')).toEqual([]);
    });

    it('makes a multi-page TIFF one document with one item per page, in order', async () => {
      const sha256 = resultFor(first.results, 'register.tiff').sha256!;
      const rows = await query<{ id: string }>(
        athar,
        'select id from items where sha256 = ? order by page_index',
        [sha256]
      );
      expect(rows).toHaveLength(3);
      const items = await Promise.all(
        rows.map((r) => getJson<ItemJson>(athar, `/api/items/${r.id}`, reviewer.token))
      );
      const documentId = items[0]!.documentId;
      expect(documentId).toMatch(/^[a-z2-7]{24}$/);
      expect(items.map((i) => [i.documentId, i.page, i.kind, i.width, i.height])).toEqual([
        [documentId, 0, 'document', 600, 400],
        [documentId, 1, 'document', 600, 400],
        [documentId, 2, 'document', 600, 400]
      ]);
      const [document] = await query<{ title: string; page_count: unknown }>(
        athar,
        'select title, page_count from documents where id = ?',
        [documentId]
      );
      expect({ ...document, page_count: Number(document?.page_count) }).toEqual({
        title: 'register.tiff',
        page_count: 3
      });
      expect(filesUnder(athar, 'tiles').filter((f) => f.includes(sha256))).toEqual(
        [0, 1, 2].map((p) => `${sha256.slice(0, 2)}/${sha256}-${p}.zip`)
      );

      const colours: string[] = [];
      for (const item of items) {
        const res = await get(athar, `/iiif/${item.id}/thumbnail.jpg`, reviewer.token);
        expect(res.status).toBe(200);
        colours.push(nearest(await dominantColour(Buffer.from(await res.arrayBuffer())), PAGES));
      }
      expect(colours).toEqual(['red', 'green', 'blue']);
    });

    it("keeps the order of the batch's files, however long each one's checks take", async () => {
      // The first file is large (its copy, hash and probe take longest), the others tiny: with two
      // files in hand per lane, the tiny ones' rows were written first, and the items (and a queue
      // made of "all ready items", which follows ingested_at) came out of order.
      const dir = path.join(fixtures, 'ordered');
      writeFiles(dir, {
        'a-large.jpg': await noiseJpeg(3000, 3000, 11),
        'b-small.jpg': await flatJpeg(64, 64, PAGES.red!),
        'c-small.jpg': await flatJpeg(64, 64, PAGES.green!)
      });
      const run = await ingest(athar, [dir], 'Ordered', ['--workers', '1']);
      expect(run.code, run.stderr).toBe(0);
      const rows = await query<{ original_name: string }>(
        athar,
        'select original_name from items where collection_id = (select id from collections where name = ?) ' +
          'order by ingested_at, id',
        ['Ordered']
      );
      expect(rows.map((r) => r.original_name)).toEqual(['a-large.jpg', 'b-small.jpg', 'c-small.jpg']);
    });
  });
}
