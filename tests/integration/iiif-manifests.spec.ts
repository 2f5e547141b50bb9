/**
 * IIIF Presentation 3.0: the Manifest of an item and of a document (pages in page order), a
 * collection as a IIIF Collection, and the shared layer as the AnnotationPage each Canvas references
 * (targets on the Canvas, boxes as `xywh=x,y,w,h`, polygons as SVG paths). Outsiders are refused
 * (401 / 403 / 404); another origin may read with a bearer token, never with the cookie.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeAnnotation } from '../../src/lib/model/document-schema.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { COLLECTION, annotate, createWorld, docOf, storedWhere } from '../helpers/collab-world.ts';
import { annotationsOf } from '../../src/lib/model/document-schema.ts';
import { collectionIdOf, query } from '../helpers/db.ts';
import { api, expectApiError, get, getJson, signIn } from '../helpers/http.ts';
import { colourOf, multiPageTiff, removeDir, tempDir, writeFiles } from '../helpers/images.ts';
import { useWorld } from '../helpers/suite.ts';
import { ingest, resultFor } from '../helpers/world.ts';

type Canvas = {
  id: string;
  type: string;
  label: Record<string, string[]>;
  width: number;
  height: number;
  items: Array<{ type: string; items: Array<{ motivation: string; target: string; body: Body }> }>;
  annotations: Array<{ id: string; type: string }>;
};
type Body = {
  id: string;
  type: string;
  width: number;
  height: number;
  service: Array<{ id: string; type: string }>;
};
type Manifest = { '@context': string; id: string; type: string; label: unknown; items: Canvas[] };
type Collection = { id: string; type: string; items: Array<{ id: string; type: string }> };
type Page = {
  id: string;
  type: string;
  items: Array<{
    id: string;
    type: string;
    motivation: string[];
    body: Array<{ value: string }>;
    target: { type: string; source: { id: string; type: string }; selector: { type: string; value: string } };
  }>;
};

/** What Presentation 3.0 requires of a Manifest and its Canvases, and what a viewer relies on. */
function expectManifest(manifest: Manifest, origin: string) {
  expect(manifest['@context']).toBe('http://iiif.io/api/presentation/3/context.json');
  expect(manifest.type).toBe('Manifest');
  expect(manifest.id.startsWith(`${origin}/iiif/manifests/`)).toBe(true);
  expect(manifest.label).toEqual(expect.any(Object));
  expect(manifest.items.length).toBeGreaterThan(0);
  for (const canvas of manifest.items) {
    expect(canvas).toMatchObject({ type: 'Canvas', width: expect.any(Number), height: expect.any(Number) });
    const [paintings] = canvas.items;
    expect(paintings!.type).toBe('AnnotationPage');
    const [painting] = paintings!.items;
    expect(painting).toMatchObject({ motivation: 'painting', target: canvas.id });
    expect(painting!.body).toMatchObject({ type: 'Image', width: canvas.width, height: canvas.height });
    expect(painting!.body.service[0]!.type).toBe('ImageService3');
    expect(canvas.annotations).toEqual([
      { id: expect.stringMatching(/\/iiif\/annotations\/item\/[a-z2-7]{24}$/), type: 'AnnotationPage' }
    ]);
  }
}

const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;

for (const dialect of DIALECTS) {
  describe(`IIIF Presentation 3.0 (${dialect})`, () => {
    const suite = useWorld(dialect, async (athar) => {
      const world = await createWorld(athar, 2);
      const dir = tempDir();
      const files = writeFiles(path.join(dir, 'docs'), {
        'ledger.tiff': await multiPageTiff(300, 200, [colourOf(40), colourOf(41), colourOf(42)])
      });
      const run = await ingest(athar, [path.dirname(files['ledger.tiff']!)], COLLECTION, [
        '--kind',
        'document'
      ]);
      removeDir(dir);
      expect(run.code, run.stderr).toBe(0);
      const [first] = await query<{ document_id: string }>(
        athar,
        'select document_id from items where id = ?',
        [resultFor(run.results, 'ledger.tiff').itemId]
      );
      const documentId = first!.document_id;
      return { ...world, documentId, collectionId: await collectionIdOf(athar, COLLECTION) };
    });

    it('describes an item: one Canvas painted by its image service, its findings on the Canvas', async () => {
      const { athar, world } = suite;
      const item = world.items[0]!;
      const alice = await suite.join(`item/${item}`, world.alice);
      annotate(alice.doc, 'box', world.alice.id, { lesionType: 'contusion' });
      const polygon = annotate(alice.doc, 'poly', world.alice.id, { lesionType: 'abrasion' });
      writeAnnotation(alice.doc, {
        ...polygon,
        target: { type: 'SvgSelector', value: '<svg><polygon points="10,10 60,10 35,50"/></svg>' }
      });
      await storedWhere(athar, `item/${item}`, 'both findings', (u) => annotationsOf(docOf(u)).size === 2);

      const manifest = await getJson<Manifest>(athar, `/iiif/manifests/item/${item}`, world.bob.token);
      expectManifest(manifest, athar.url);
      expect(manifest.items).toHaveLength(1);
      const canvas = manifest.items[0]!;
      expect([canvas.width, canvas.height]).toEqual([320, 240]);
      const service = canvas.items[0]!.items[0]!.body.service[0]!;
      const info = await getJson<{ id: string }>(athar, `${pathOf(service.id)}/info.json`, world.bob.token);
      expect(info.id).toBe(service.id);

      const page = await getJson<Page>(athar, pathOf(canvas.annotations[0]!.id), world.bob.token);
      expect(page).toMatchObject({ id: canvas.annotations[0]!.id, type: 'AnnotationPage' });
      const byId = new Map(page.items.map((a) => [a.id.split('/').at(-1), a]));
      expect([...byId.keys()].sort()).toEqual(['box', 'poly']);
      for (const a of page.items) {
        expect(a.type).toBe('Annotation');
        expect(a.motivation).toContain('commenting');
        expect(a.target.source).toMatchObject({ id: canvas.id, type: 'Canvas' });
      }
      expect(byId.get('box')!.target.selector).toMatchObject({
        type: 'FragmentSelector',
        value: 'xywh=10,20,30,40'
      });
      expect(byId.get('poly')!.target.selector.value).toBe(
        '<svg xmlns="http://www.w3.org/2000/svg"><path d="M10,10 L60,10 L35,50 Z"/></svg>'
      );
      expect(byId.get('box')!.body.map((b) => b.value)).toContain('contusion');
    });

    it('describes a document: its pages in page order, and the collection lists it with the photos', async () => {
      const { athar, world } = suite;
      const manifest = await getJson<Manifest>(
        athar,
        `/iiif/manifests/document/${world.documentId}`,
        world.olga.token
      );
      expectManifest(manifest, athar.url);
      const pages = await query<{ id: string }>(
        athar,
        'select id from items where document_id = ? order by page_index',
        [world.documentId]
      );
      expect(pages).toHaveLength(3);
      expect(manifest.items.map((c) => c.id.split('/').at(-1))).toEqual(pages.map((p) => p.id));

      const collection = await getJson<Collection>(
        athar,
        `/iiif/collections/${world.collectionId}`,
        world.olga.token
      );
      expect(collection.type).toBe('Collection');
      // Documents first, then the photos in ingest order (ingested_at, then id: workers may tie).
      const photos = await query<{ id: string }>(
        athar,
        'select id from items where document_id is null order by ingested_at, id'
      );
      expect(photos.map((p) => p.id).sort()).toEqual([...world.items].sort());
      expect(collection.items.map((m) => [m.type, pathOf(m.id)])).toEqual([
        ['Manifest', `/iiif/manifests/document/${world.documentId}`],
        ...photos.map((p) => ['Manifest', `/iiif/manifests/item/${p.id}`])
      ]);
      for (const m of collection.items)
        expectManifest(await getJson<Manifest>(athar, pathOf(m.id), world.olga.token), athar.url);
    });

    it("describes a body: its photographs in the body's order; hidden from outsiders", async () => {
      const { athar, world } = suite;
      const made = await api<{ id: string }>(athar, world.alice.token, 'POST', '/api/bodies', {
        collectionId: world.collectionId,
        itemIds: [world.items[1]!, world.items[0]!]
      });
      expect(made.status).toBe(201);
      const path = `/iiif/manifests/body/${made.body.id}`;
      const manifest = await getJson<Manifest>(athar, path, world.olga.token);
      expectManifest(manifest, athar.url);
      expect(manifest.items.map((c) => c.id.split('/').at(-1))).toEqual([world.items[1], world.items[0]]);
      await expectApiError(await get(athar, path), 401, 'unauthorized');
      await expectApiError(await get(athar, path, world.oscar.token), 404, 'not_found');
    });

    it('refuses outsiders, strangers and bad ids, in the API error shape', async () => {
      const { athar, world } = suite;
      const item = world.items[0]!;
      const paths = [
        `/iiif/manifests/item/${item}`,
        `/iiif/manifests/document/${world.documentId}`,
        `/iiif/collections/${world.collectionId}`,
        `/iiif/annotations/item/${item}`
      ];
      for (const p of paths) {
        await expectApiError(await get(athar, p), 401, 'unauthorized');
        await expectApiError(await get(athar, p, world.oscar.token), 403, 'forbidden');
        await expectApiError(
          await get(athar, p.replace(/[a-z2-7]{24}$/, 'a'.repeat(24)), world.bob.token),
          404,
          'not_found'
        );
        await expectApiError(
          await get(athar, p.replace(/[a-z2-7]{24}$/, '..%2f..'), world.bob.token),
          404,
          'not_found'
        );
      }
      await expectApiError(
        await get(athar, `/iiif/collections/${world.collectionId}?page=0`, world.bob.token),
        400,
        'bad_request'
      );
    });

    it('lets another origin read with a bearer token, never with the cookie', async () => {
      const { athar, world } = suite;
      const manifest = `/iiif/manifests/item/${world.items[0]!}`;
      const elsewhere = { origin: 'https://viewer.example' };
      const withToken = await get(athar, manifest, world.bob.token, elsewhere);
      expect(withToken.status).toBe(200);
      expect(withToken.headers.get('access-control-allow-origin')).toBe('*');
      expect(withToken.headers.get('access-control-allow-credentials')).toBeNull();

      const bob = await signIn(athar, 'bob@example.org');
      const withCookie = await bob.request(manifest, { headers: elsewhere });
      expect(withCookie.status).toBe(200);
      expect(withCookie.headers.get('access-control-allow-origin')).toBeNull();

      const preflight = await fetch(athar.url + manifest, {
        method: 'OPTIONS',
        headers: {
          ...elsewhere,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization'
        }
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/authorization/i);
    });
  });
}
