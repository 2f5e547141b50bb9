/**
 * Search beyond page text (`GET /api/search`): findings by their labels in every language and their
 * free text, item names and body identifiers, each hit saying what matched, with the item's name and
 * a link. The access rules hold: another collection's findings, a reviewer's blind layer and an item
 * the caller reviews blind are never found, and a blind verify reviewer's number search matches
 * verified numbers only.
 */
import { describe, expect, it } from 'vitest';
import { annotate } from '../helpers/collab-world.ts';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, call, expectApiError, get } from '../helpers/http.ts';
import {
  type Assignment,
  createQueue,
  createReviewWorld,
  next,
  type Person
} from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';

type Hit = {
  matched: string;
  itemId: string | null;
  bodyId: string | null;
  itemName: string | null;
  snippet: string;
  finding: { lesionType: string | null; bodyRegion: string | null } | null;
  link: string;
};

for (const dialect of DIALECTS) {
  describe(`search over findings, names and identifiers (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 3, reviewers: 3 }));
    const search = async (who: Person, q: string, kinds = 'finding,name,identifier') => {
      const params = new URLSearchParams({ q, in: kinds });
      const res = await api<{ results: Hit[] }>(suite.athar, who.token, 'GET', `/api/search?${params}`);
      expect(res.status).toBe(200);
      return res.body.results;
    };
    const findingItems = async (who: Person, q: string) =>
      (await search(who, q, 'finding')).map((h) => h.itemId).sort();
    /** Writes a finding into a room through the socket and waits until the server projected it. */
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
    }

    it('finds a shared finding by its labels in any language and its notes, and says what matched', async () => {
      const { world } = suite;
      const [item, other] = world.items as [string, string];
      const reader = world.reviewers[0]!;
      await written(`item/${item}`, world.expert, 'f1', {
        lesionType: 'contusion',
        bodyRegion: 'forearm',
        mechanism: 'Blunt force',
        notes: 'ضربات مُتَكَرِّرَة'
      });
      await written(`item/${other}`, world.expert, 'f2', { lesionType: 'abrasion', bodyRegion: 'hand' });
      // The outsider's collection has a contusion too (written by the admin, who sees every collection).
      await written(`item/${world.foreignItem}`, world.admin, 'f3', { lesionType: 'contusion' });
      expect(await findingItems(reader, 'كدمة')).toEqual([item]);
      const [hit] = await search(reader, 'contusion');
      expect(hit).toMatchObject({
        matched: 'finding',
        itemId: item,
        itemName: 'photo-0.jpg',
        finding: { lesionType: 'contusion', bodyRegion: 'forearm' },
        link: `/items/${item}`
      });
      expect(await findingItems(reader, 'bruise')).toEqual([item]);
      expect(await findingItems(reader, 'ساعد')).toEqual([item]);
      expect(await findingItems(reader, 'contusion forearm')).toEqual([item]);
      expect(await findingItems(reader, 'contusion hand')).toEqual([]);
      expect(await findingItems(reader, 'blunt')).toEqual([item]);
      expect(await findingItems(reader, 'متكررة')).toEqual([item]);
      expect(await findingItems(reader, 'سحجة')).toEqual([other]);
      expect(await findingItems(world.admin, 'contusion')).toEqual([item, world.foreignItem].sort());
      expect(await findingItems(world.outsider, 'contusion')).toEqual([]);
    });

    it('never finds a blind layer, nor the shared layer of an item the caller reviews blind', async () => {
      const { athar, world } = suite;
      const [a, b] = world.reviewers as [Person, Person];
      const item = world.items[2]!;
      await written(`item/${item}`, world.expert, 'f4', { lesionType: 'burn_thermal' });
      expect(await findingItems(a, 'burn')).toEqual([item]);
      const queueId = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Blind burns',
        task: 'annotate',
        reviewsPerItem: 2,
        blind: true,
        sharedFindingsConfirmed: true,
        memberIds: [a.id, b.id],
        itemIds: [item]
      });
      const mine = (await next(athar, a.token, queueId)) as Assignment;
      expect(mine.itemId).toBe(item);
      expect(await findingItems(a, 'burn')).toEqual([]);
      // What a writes blind stays in a's layer: nobody finds it, not even the expert.
      await written(mine.room, a, 'blind1', { lesionType: 'ligature_mark' });
      expect(await findingItems(world.expert, 'burn')).toEqual([item]);
      expect(await findingItems(world.expert, 'ligature')).toEqual([]);
      expect(await findingItems(world.admin, 'ligature')).toEqual([]);
    });

    it('finds items by name and bodies by a whole identifier, verified only for a blind verify reader', async () => {
      const { athar, world } = suite;
      const [a, b, c] = world.reviewers as [Person, Person, Person];
      const names = await search(a, 'PHOTO-1', 'name');
      expect(names.map((h) => [h.matched, h.itemName, h.link])).toEqual([
        ['name', 'photo-1.jpg', `/items/${world.items[1]}`]
      ]);
      const body = await api<{ id: string }>(athar, world.coordinator.token, 'POST', '/api/bodies', {
        collectionId: world.collectionId,
        itemIds: [world.items[1]!]
      });
      expect(body.status).toBe(201);
      const enter = (who: Person, value: string) =>
        api(athar, who.token, 'POST', `/api/bodies/${body.body.id}/identifiers`, { kind: 'detainee', value });
      expect((await enter(a, '٧٧٢١')).status).toBe(201);
      const found = await search(b, '7721', 'identifier');
      expect(found).toMatchObject([
        { matched: 'identifier', bodyId: body.body.id, link: `/bodies/${body.body.id}` }
      ]);
      const queueId = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Verify numbers',
        task: 'verify',
        reviewsPerItem: 1,
        blind: false,
        memberIds: [c.id],
        itemIds: [world.items[1]!]
      });
      expect(await next(athar, c.token, queueId)).toMatchObject({ itemId: world.items[1] });
      // A guess cannot be tested through the search: only verified numbers answer.
      expect(await search(c, '7721', 'identifier')).toEqual([]);
      expect((await enter(b, '7721')).status).toBe(200);
      expect((await search(c, '7721', 'identifier')).map((h) => h.bodyId)).toEqual([body.body.id]);
      expect(await search(world.outsider, '7721', 'identifier')).toEqual([]);

      // The queue list shows each queue's state.
      const paused = await api(athar, world.coordinator.token, 'PATCH', `/api/queues/${queueId}`, {
        state: 'paused'
      });
      expect(paused.status).toBe(200);
      const list = await (await get(athar, '/queues', c.token)).text();
      expect(list).toMatch(/data-state="paused"[^>]*>Paused</);
    });

    it('refuses an unknown kind and another collection', async () => {
      const { athar, world } = suite;
      const reader = world.reviewers[0]!;
      await expectApiError(
        await call(athar, reader.token, '/api/search?q=x&in=everything'),
        400,
        'bad_request'
      );
      await expectApiError(
        await call(athar, reader.token, `/api/search?q=contusion&collection=${world.otherCollectionId}`),
        403,
        'forbidden'
      );
    });
  });
}
