/**
 * The read API over collections and items: `GET /api/collections` (the caller's collections with
 * their item counts) and `GET /api/collections/:id/items` (keyset pages, filters, refusal of
 * malformed parameters, items still processing for coordinators only).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { collectionIdOf, query } from '../helpers/db.ts';
import { get, getJson } from '../helpers/http.ts';
import { colourOf, flatJpeg, multiPageTiff, removeDir, tempDir, writeFiles } from '../helpers/images.ts';
import { addMember, addPerson, ingest } from '../helpers/world.ts';

type Summary = {
  id: string;
  kind: string;
  status: string;
  ingestedAt: number;
  annotationCount: number;
  documentId: string | null;
  page: number;
};
type Page = { items: Summary[]; nextCursor: string | null };
type User = { id: string; token: string };

async function photos(dir: string, from: number, count: number): Promise<string> {
  const files: Record<string, Buffer> = {};
  for (let i = from; i < from + count; i++) files[`photo-${i}.jpg`] = await flatJpeg(600, 400, colourOf(i));
  writeFiles(dir, files);
  return dir;
}

for (const dialect of DIALECTS) {
  describe(`items API (${dialect})`, () => {
    let athar: Instance;
    let fixtures: string;
    let archive: string;
    let other: string;
    let admin: User;
    let coordinator: User;
    let reviewer: User;
    let outsider: User;

    const readyIds = async () =>
      (
        await query<{ id: string }>(
          athar,
          "select id from items where collection_id = ? and status = 'ready' order by id",
          [archive]
        )
      ).map((r) => r.id);

    /** Follows nextCursor from the first page to the last. */
    async function walk(token: string, params = 'limit=7', between?: (page: number) => Promise<void>) {
      const pages: Summary[][] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `${params}&cursor=${cursor}` : params;
        const page: Page = await getJson<Page>(athar, `/api/collections/${archive}/items?${query}`, token);
        pages.push(page.items);
        cursor = page.nextCursor;
        await between?.(pages.length);
        expect(pages.length, 'the walk ends').toBeLessThan(50);
      } while (cursor);
      return pages;
    }

    beforeAll(async () => {
      athar = await startInstance(dialect);
      fixtures = tempDir();
      // 25 photos, 2 single-page documents and a 3-page document: 30 items
      const run = await ingest(athar, [await photos(path.join(fixtures, 'photos'), 0, 25)], 'Archive');
      const documents = writeFiles(path.join(fixtures, 'documents'), {
        'letter.jpg': await flatJpeg(600, 400, colourOf(100)),
        'card.jpg': await flatJpeg(600, 400, colourOf(101)),
        'ledger.tiff': await multiPageTiff(600, 400, [colourOf(102), colourOf(103), colourOf(104)])
      });
      const docs = await ingest(athar, [path.dirname(documents['card.jpg']!)], 'Archive', [
        '--kind',
        'document'
      ]);
      const elsewhere = await ingest(athar, [await photos(path.join(fixtures, 'other'), 200, 1)], 'Other');
      expect([run.code, docs.code, elsewhere.code]).toEqual([0, 0, 0]);
      archive = await collectionIdOf(athar, 'Archive');
      other = await collectionIdOf(athar, 'Other');

      admin = await addPerson(athar, 'admin@example.org', 'admin');
      coordinator = await addPerson(athar, 'coordinator@example.org', 'coordinator');
      reviewer = await addPerson(athar, 'reviewer@example.org', 'reviewer');
      outsider = await addPerson(athar, 'outsider@example.org', 'reviewer');
      await addMember(athar, 'Archive', 'coordinator@example.org');
      await addMember(athar, 'Archive', 'reviewer@example.org');
      await addMember(athar, 'Other', 'outsider@example.org');
    }, 240_000); // many CLI runs: slow on a busy machine
    afterAll(async () => {
      await athar?.destroy();
      if (fixtures) removeDir(fixtures);
    });

    it("lists only the caller's collections, with their item counts", async () => {
      expect(await getJson(athar, '/api/collections', reviewer.token)).toEqual([
        { id: archive, name: 'Archive', itemCount: 30 }
      ]);
      expect(await getJson(athar, '/api/collections', outsider.token)).toEqual([
        { id: other, name: 'Other', itemCount: 1 }
      ]);
      expect(await getJson(athar, '/api/collections', admin.token)).toEqual([
        { id: archive, name: 'Archive', itemCount: 30 },
        { id: other, name: 'Other', itemCount: 1 }
      ]);
      expect((await get(athar, '/api/collections')).status).toBe(401);
    });

    it('refuses the items of a collection to non-members, and knows no unknown collection', async () => {
      expect((await get(athar, `/api/collections/${archive}/items`, outsider.token)).status).toBe(403);
      expect((await get(athar, `/api/collections/${'b'.repeat(24)}/items`, admin.token)).status).toBe(404);
      expect((await get(athar, `/api/collections/${archive}/items`)).status).toBe(401);
    });

    it('pages through every item exactly once, in a stable order, even across ties', async () => {
      // Items ingested in the same millisecond share ingested_at: make ten of them do so, so that
      // a page boundary falls inside the tie and only the id can order them.
      const tied = (await readyIds()).slice(5, 15);
      await query(
        athar,
        `update items set ingested_at = (select min(ingested_at) from items) where id in (${tied.map(() => '?').join(',')})`,
        tied
      );
      const pages = await walk(reviewer.token);
      expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 7, 2]);
      const order = pages.flat().map((i) => i.id);
      expect(new Set(order).size).toBe(order.length);
      expect([...order].sort()).toEqual(await readyIds());
      // A document's pages share their ingest time and list together, in page order.
      const group = (i: Summary) => i.documentId ?? i.id;
      const expected = [...pages.flat()]
        .sort(
          (a, b) =>
            a.ingestedAt - b.ingestedAt ||
            (group(a) === group(b) ? a.page - b.page || (a.id < b.id ? -1 : 1) : group(a) < group(b) ? -1 : 1)
        )
        .map((i) => i.id);
      expect(order).toEqual(expected);
      expect((await walk(reviewer.token)).flat().map((i) => i.id)).toEqual(order);
    });

    it('keeps its place while new items arrive during the walk', async () => {
      const before = await readyIds();
      const seen = (
        await walk(reviewer.token, 'limit=7', async (page) => {
          if (page === 2) {
            const added = await ingest(athar, [await photos(path.join(fixtures, 'late'), 300, 2)], 'Archive');
            expect(added.code).toBe(0);
          }
        })
      )
        .flat()
        .map((i) => i.id);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.slice(0, before.length).sort()).toEqual(before);
      expect([...seen].sort()).toEqual(await readyIds());
      expect(seen).toHaveLength(32);
    });

    it('filters by kind and by whether an item has annotations', async () => {
      const all = (await walk(reviewer.token, 'limit=200')).flat();
      const byKind = async (kind: string) =>
        (await walk(reviewer.token, `limit=7&kind=${kind}`)).flat().map((i) => i.id);
      expect((await byKind('photo')).sort()).toEqual(
        all
          .filter((i) => i.kind === 'photo')
          .map((i) => i.id)
          .sort()
      );
      expect(await byKind('photo')).toHaveLength(27);
      expect(await byKind('document')).toHaveLength(5);

      const annotated = [all[3]!.id, all[20]!.id].sort();
      await query(athar, 'update items set annotation_count = 2 where id in (?, ?)', annotated);
      const withAnnotations = (await walk(reviewer.token, 'hasAnnotations=true')).flat();
      expect(withAnnotations.map((i) => i.id).sort()).toEqual(annotated);
      expect(withAnnotations.map((i) => i.annotationCount)).toEqual([2, 2]);
      const without = (await walk(reviewer.token, 'limit=7&hasAnnotations=false')).flat().map((i) => i.id);
      expect(without).toHaveLength(all.length - 2);
      expect(without.filter((id) => annotated.includes(id))).toEqual([]);
      expect((await walk(reviewer.token, 'kind=document&hasAnnotations=true')).flat()).toEqual(
        withAnnotations.filter((i) => i.kind === 'document')
      );
    });

    it('shows items still processing to coordinators only', async () => {
      const [processing] = await readyIds();
      await query(athar, "update items set status = 'processing' where id = ?", [processing]);
      const forReviewer = await get(
        athar,
        `/api/collections/${archive}/items?status=processing`,
        reviewer.token
      );
      expect(forReviewer.status).toBe(400);
      expect(((await forReviewer.json()) as { error: { code: string } }).error.code).toBe('bad_request');

      const forCoordinator = await getJson<Page>(
        athar,
        `/api/collections/${archive}/items?status=processing`,
        coordinator.token
      );
      expect(forCoordinator.items.map((i) => [i.id, i.status])).toEqual([[processing, 'processing']]);
      const ready = (await walk(reviewer.token, 'limit=200&status=ready')).flat();
      expect(ready.map((i) => i.id)).not.toContain(processing);
      expect(ready.every((i) => i.status === 'ready')).toBe(true);
      expect(await getJson(athar, '/api/collections', reviewer.token)).toEqual([
        { id: archive, name: 'Archive', itemCount: 31 }
      ]);
    });

    it('refuses malformed limits, cursors and filters with 400', async () => {
      const foreign = Buffer.from('1700000000000:not-an-item-id').toString('base64url');
      for (const params of [
        'limit=0',
        'limit=201',
        'limit=-1',
        'limit=1.5',
        'limit=ten',
        'limit=',
        'cursor=garbage',
        `cursor=${foreign}`,
        `cursor=${Buffer.from(`-5:${'a'.repeat(24)}`).toString('base64url')}`,
        'kind=video',
        'status=deleted',
        'hasAnnotations=yes'
      ]) {
        const res = await get(athar, `/api/collections/${archive}/items?${params}`, reviewer.token);
        expect(res.status, params).toBe(400);
        const body = (await res.json()) as { error: { code: string; message: string } };
        expect(body.error.code, params).toBe('bad_request');
        expect(body.error.message, params).not.toBe('');
      }
    });
  });
}
