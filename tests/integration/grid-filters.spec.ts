/**
 * The collection grid's filters by finding (`GET /api/collections/:id/items?lesionType=&bodyRegion=
 * &consistency=&reviewer=&from=&to=`): one finding of the shared layer must match them all; they
 * combine with the other filters; a reviewer's blind layer never matches, and an item the caller
 * reviews blind is left out while a finding filter is on. A document's pages list together, in page
 * order, and search results name the document and page of what they found.
 */
import { describe, expect, it, vi } from 'vitest';
import { removeAnnotation } from '../../src/lib/model/document-schema.ts';
import { annotate } from '../helpers/collab-world.ts';
import { collectionIdOf, query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, expectApiError, get } from '../helpers/http.ts';
import { colourOf, flatJpeg, multiPageTiff } from '../helpers/images.ts';
import type { Instance } from '../helpers/athar.ts';
import {
  type Assignment,
  COLLECTION,
  OTHER_COLLECTION,
  createQueue,
  next,
  type Person
} from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';
import { addMember, addPerson, ingestImages, ingestPhotos } from '../helpers/world.ts';

// The world is fourteen CLI runs (people, memberships, two ingests): slow on a loaded machine.
vi.setConfig({ hookTimeout: 900_000 });

type Summary = { id: string; documentId: string | null; page: number };
type Page = { items: Summary[]; nextCursor: string | null };
const PAGES = 6;
const DAY_MS = 86_400_000;
const day = (at: number) => new Date(at).toISOString().slice(0, 10);

type GridWorld = {
  collectionId: string;
  otherCollectionId: string;
  /** Four photos, in ingest order. */
  items: string[];
  coordinator: Person;
  /** A reviewer with the forensic-expert flag. */
  expert: Person;
  reviewers: [Person, Person];
};

/** As few CLI runs as the tests need (each is seconds on a loaded machine). */
async function gridWorld(athar: Instance): Promise<GridWorld> {
  const images: Record<string, Buffer> = {};
  for (let i = 0; i < 4; i++) images[`photo-${i}.jpg`] = await flatJpeg(320, 240, colourOf(i + 1));
  images['register-7.tiff'] = await multiPageTiff(
    320,
    240,
    Array.from({ length: PAGES }, (_, i) => colourOf(40 + i))
  );
  const items = (await ingestImages(athar, COLLECTION, images)).slice(0, 4);
  await ingestPhotos(athar, OTHER_COLLECTION, 1, 1000);
  const people = [
    await addPerson(athar, 'coordinator@example.org', 'coordinator'),
    await addPerson(athar, 'expert@example.org', 'reviewer', true),
    await addPerson(athar, 'reviewer1@example.org', 'reviewer'),
    await addPerson(athar, 'reviewer2@example.org', 'reviewer')
  ] as const;
  for (const email of ['coordinator', 'expert', 'reviewer1', 'reviewer2'])
    await addMember(athar, COLLECTION, `${email}@example.org`);
  return {
    collectionId: await collectionIdOf(athar, COLLECTION),
    otherCollectionId: await collectionIdOf(athar, OTHER_COLLECTION),
    items,
    coordinator: people[0],
    expert: people[1],
    reviewers: [people[2], people[3]]
  };
}

for (const dialect of DIALECTS) {
  describe(`grid filters by finding, documents in page order (${dialect})`, () => {
    const suite = useWorld(dialect, gridWorld);
    /** Every item id matching `params`, following the cursor `limit` at a time. */
    async function listed(who: Person, params: string, limit = 2): Promise<Summary[]> {
      const items: Summary[] = [];
      let cursor: string | null = null;
      do {
        const search = new URLSearchParams(params);
        search.set('limit', String(limit));
        if (cursor) search.set('cursor', cursor);
        const res = await api<Page>(
          suite.athar,
          who.token,
          'GET',
          `/api/collections/${suite.world.collectionId}/items?${search}`
        );
        expect(res.status, params).toBe(200);
        items.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      return items;
    }
    const ids = async (who: Person, params: string) => (await listed(who, params)).map((i) => i.id).sort();
    async function written(room: string, author: Person, id: string, finding: Record<string, string>) {
      const peer = await suite.join(room, author);
      annotate(peer.doc, id, author.id, finding);
      await expect
        .poll(
          async () =>
            (await query(suite.athar, 'select id from annotations where room = ? and id = ?', [room, id]))
              .length,
          { timeout: 15_000, interval: 50 }
        )
        .toBe(1);
      return peer;
    }

    it('lists a document’s pages together and in page order, across cursor pages and ties', async () => {
      const { athar, world } = suite;
      const pages = await query<{ id: string; document_id: string; ingested_at: unknown }>(
        athar,
        'select id, document_id, ingested_at from items where document_id is not null'
      );
      expect(pages).toHaveLength(PAGES);
      // A photo ingested in the same millisecond as the document must not land between its pages.
      await query(athar, 'update items set ingested_at = ? where id = ?', [
        Number(pages[0]!.ingested_at),
        world.items[3]!
      ]);
      const all = await listed(world.reviewers[0]!, '', 2);
      expect(all).toHaveLength(world.items.length + PAGES);
      const at = all.findIndex((i) => i.documentId !== null);
      expect(all.slice(at, at + PAGES).map((i) => [i.documentId, i.page])).toEqual(
        Array.from({ length: PAGES }, (_, page) => [pages[0]!.document_id, page])
      );
      expect(new Set(all.map((i) => i.id)).size).toBe(all.length);
    });

    it('search results name the item, its document and its page number', async () => {
      const { world } = suite;
      const res = await api<{
        results: Array<{ itemName: string; documentId: string; documentTitle: string; page: number }>;
      }>(suite.athar, world.reviewers[0]!.token, 'GET', '/api/search?q=register&in=name&limit=20');
      expect(res.status).toBe(200);
      expect(res.body.results.map((r) => [r.itemName, r.documentTitle, r.page]).sort()).toEqual(
        Array.from({ length: PAGES }, (_, i) => ['register-7.tiff', 'register-7.tiff', i + 1]).sort()
      );
      expect(new Set(res.body.results.map((r) => r.documentId)).size).toBe(1);
    });

    it('matches items by one finding that has every asked-for value, combined with the other filters', async () => {
      const { athar, world } = suite;
      const [i0, i1, i2] = world.items as [string, string, string];
      const [a] = world.reviewers;
      await written(`item/${i0}`, world.expert, 'g1', {
        lesionType: 'contusion',
        bodyRegion: 'forearm',
        consistency: 'typical'
      });
      await written(`item/${i1}`, a, 'g2', { lesionType: 'contusion', bodyRegion: 'back' });
      await written(`item/${i1}`, world.expert, 'g3', { lesionType: 'abrasion', bodyRegion: 'forearm' });
      const burns = await written(`item/${i2}`, world.expert, 'g4', {
        lesionType: 'burn_thermal',
        bodyRegion: 'hand'
      });
      const reader = world.coordinator;
      expect(await ids(reader, 'lesionType=contusion')).toEqual([i0, i1].sort());
      expect(await ids(reader, 'bodyRegion=forearm')).toEqual([i0, i1].sort());
      // i1 has a contusion and a forearm finding, but no contusion on the forearm.
      expect(await ids(reader, 'lesionType=contusion&bodyRegion=forearm')).toEqual([i0]);
      expect(await ids(reader, 'consistency=typical')).toEqual([i0]);
      expect(await ids(reader, `reviewer=${a.id}`)).toEqual([i1]);
      expect(await ids(reader, `reviewer=${world.expert.id}&lesionType=contusion`)).toEqual([i0]);
      expect(await ids(reader, 'lesionType=contusion&kind=document')).toEqual([]);
      expect(await ids(reader, 'lesionType=contusion&hasAnnotations=true')).toEqual([i0, i1].sort());

      const [{ created_at }] = (await query<{ created_at: unknown }>(
        athar,
        "select created_at from annotations where id = 'g4'"
      )) as [{ created_at: unknown }];
      const today = day(Number(created_at));
      expect(await ids(reader, `from=${today}&to=${today}&bodyRegion=hand`)).toEqual([i2]);
      expect(await ids(reader, `to=${day(Number(created_at) - DAY_MS)}`)).toEqual([]);
      expect(await ids(reader, `from=${day(Number(created_at) + DAY_MS)}`)).toEqual([]);

      // A deleted finding (a tombstone) no longer matches.
      removeAnnotation(burns.doc, 'g4', { userId: world.expert.id, reason: null });
      await expect.poll(() => ids(reader, 'lesionType=burn_thermal'), { timeout: 15_000 }).toEqual([]);
    });

    it('never matches a blind layer, and hides the items the caller reviews blind', async () => {
      const { athar, world } = suite;
      const [a, b] = world.reviewers;
      const item = world.items[3]!;
      await written(`item/${item}`, world.expert, 'g5', { lesionType: 'ligature_mark' });
      expect(await ids(a, 'lesionType=ligature_mark')).toEqual([item]);
      const queueId = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Blind ligatures',
        task: 'annotate',
        reviewsPerItem: 2,
        blind: true,
        sharedFindingsConfirmed: true,
        memberIds: [a.id, b.id],
        itemIds: [item]
      });
      const mine = (await next(athar, a.token, queueId)) as Assignment;
      expect(mine.itemId).toBe(item);
      // The blind reviewer: the item is gone from every finding filter, though still in the grid.
      expect(await ids(a, 'lesionType=ligature_mark')).toEqual([]);
      expect(await ids(a, `reviewer=${world.expert.id}`)).not.toContain(item);
      expect((await listed(a, '')).map((i) => i.id)).toContain(item);
      // Nor does the annotated filter or the card's count tell them the shared layer has findings.
      expect(await ids(a, 'hasAnnotations=true')).not.toContain(item);
      expect(await ids(a, 'hasAnnotations=false')).not.toContain(item);
      expect((await listed(a, '')).find((i) => i.id === item)).toMatchObject({ annotationCount: null });
      expect((await listed(b, '')).find((i) => i.id === item)).toMatchObject({ annotationCount: 1 });
      // What a writes blind matches nobody's filter, not even the coordinator's.
      await written(mine.room, a, 'g6', { lesionType: 'scar', bodyRegion: 'neck' });
      expect(await ids(world.coordinator, 'lesionType=scar')).toEqual([]);
      expect(await ids(world.expert, 'lesionType=ligature_mark')).toEqual([item]);
    });

    it('refuses malformed finding filters with 400, and other collections with 403', async () => {
      const { athar, world } = suite;
      for (const params of [
        'lesionType=bruise',
        'bodyRegion=head%25',
        'consistency=likely',
        'reviewer=nobody',
        'from=2026-13-01',
        'to=yesterday',
        'from=2026-02-30',
        'from=2026-03-02&to=2026-03-01'
      ]) {
        const res = await get(
          athar,
          `/api/collections/${world.collectionId}/items?${params}`,
          world.coordinator.token
        );
        await expectApiError(res, 400, 'bad_request');
      }
      const foreign = await get(
        athar,
        `/api/collections/${world.otherCollectionId}/items?lesionType=contusion`,
        world.reviewers[0]!.token
      );
      expect(foreign.status).toBe(403);
    });
  });
}
