/**
 * Bodies: grouping photographs (`POST /api/bodies`, `GET /api/bodies/:id`), one body per photo (409),
 * photos of the body's own collection only, access following the collection (another collection's
 * member gets 404), observers refused, hostile input refused with nothing written, audit rows.
 */
import { describe, expect, it } from 'vitest';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, expectApiError } from '../helpers/http.ts';
import { createReviewWorld } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';

type Body = {
  id: string;
  collectionId: string;
  items: Array<{ itemId: string; role: string; order: number }>;
  identifiers: Array<{ kind: string; raw: string; normalized: string; status: string }>;
  branch: unknown;
  evaluation: unknown;
};

for (const dialect of DIALECTS) {
  describe(`bodies: grouping (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 8, reviewers: 1 }));
    const create = (token: string, json: unknown) =>
      api<{ id: string }>(suite.athar, token, 'POST', '/api/bodies', json);
    const bodiesCount = async () =>
      Number((await query<{ n: number }>(suite.athar, 'select count(*) as n from bodies'))[0]!.n);

    it('groups photos into a body and shows it with its identifiers', async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[0]!;
      const made = await create(reviewer.token, {
        collectionId: world.collectionId,
        itemIds: world.items.slice(0, 3),
        identifiers: [{ kind: 'detainee', value: '٢١٥/٣' }]
      });
      expect(made.status).toBe(201);
      const got = await api<Body>(athar, reviewer.token, 'GET', `/api/bodies/${made.body.id}`);
      expect(got.status).toBe(200);
      expect(got.body).toMatchObject({
        id: made.body.id,
        collectionId: world.collectionId,
        items: world.items.slice(0, 3).map((itemId, order) => ({ itemId, role: 'other', order })),
        identifiers: [{ kind: 'detainee', raw: '٢١٥/٣', normalized: '215-3', status: 'unverified' }],
        branch: null,
        evaluation: null
      });
      const audits = await query<{ action: string; actor_id: string }>(
        athar,
        'select action, actor_id from audit_log where target = ?',
        [made.body.id]
      );
      expect(audits).toEqual([{ action: 'body.create', actor_id: reviewer.id }]);
    });

    it('refuses a photo that already belongs to another body (409), writing nothing', async () => {
      const { world, athar } = suite;
      const first = await create(world.coordinator.token, {
        collectionId: world.collectionId,
        itemIds: [world.items[3]]
      });
      expect(first.status).toBe(201);
      const before = await bodiesCount();
      const again = await create(world.reviewers[0]!.token, {
        collectionId: world.collectionId,
        itemIds: [world.items[4], world.items[3]]
      });
      expect(again.status).toBe(409);
      expect(await bodiesCount()).toBe(before);
      const free = await query(athar, 'select item_id from body_items where item_id = ?', [world.items[4]]);
      expect(free).toEqual([]);
    });

    it('refuses photos of another collection, observers and hostile input', async () => {
      const { world } = suite;
      const before = await bodiesCount();
      const reviewer = world.reviewers[0]!;
      const foreign = await create(reviewer.token, {
        collectionId: world.collectionId,
        itemIds: [world.items[5], world.foreignItem]
      });
      expect(foreign.status).toBe(400);
      const elsewhere = await create(reviewer.token, {
        collectionId: world.otherCollectionId,
        itemIds: [world.foreignItem]
      });
      expect(elsewhere.status).toBe(404);
      const observer = await create(world.observer.token, {
        collectionId: world.collectionId,
        itemIds: [world.items[5]]
      });
      expect(observer.status).toBe(403);
      for (const hostile of [
        { collectionId: world.collectionId, itemIds: Array.from({ length: 501 }, () => world.items[5]) },
        { collectionId: world.collectionId, itemIds: [world.items[5], world.items[5]] },
        { collectionId: world.collectionId, itemIds: [] },
        { collectionId: world.collectionId, itemIds: ['../../etc'] },
        {
          collectionId: world.collectionId,
          itemIds: [world.items[5]],
          identifiers: [{ kind: 'name', value: '1' }]
        },
        {
          collectionId: world.collectionId,
          itemIds: [world.items[5]],
          identifiers: [{ kind: 'report', value: '1\u0000' }]
        },
        {
          collectionId: world.collectionId,
          itemIds: [world.items[5]],
          identifiers: [{ kind: 'report', value: 'x'.repeat(65) }]
        },
        {
          collectionId: world.collectionId,
          itemIds: [world.items[5]],
          identifiers: [{ kind: 'report', value: ' / - ' }]
        }
      ]) {
        const res = await create(reviewer.token, hostile);
        expect(res.status, JSON.stringify(hostile).slice(0, 200)).toBe(400);
      }
      expect(await bodiesCount()).toBe(before);
    });

    it('shows a body only to those who see its collection (404 otherwise)', async () => {
      const { world, athar } = suite;
      const made = await create(world.coordinator.token, {
        collectionId: world.collectionId,
        itemIds: [world.items[6]]
      });
      expect(made.status).toBe(201);
      const outsider = await api(athar, world.outsider.token, 'GET', `/api/bodies/${made.body.id}`);
      expect(outsider.status).toBe(404);
      const missing = await api(athar, world.admin.token, 'GET', `/api/bodies/${'a'.repeat(24)}`);
      expect(missing.status).toBe(404);
      const observer = await api(athar, world.observer.token, 'GET', `/api/bodies/${made.body.id}`);
      expect(observer.status).toBe(200);
      await expectApiError(
        await fetch(`${athar.url}/api/bodies/${made.body.id}`, {
          headers: { authorization: `Bearer ${world.outsider.token}` }
        }),
        404,
        'not_found'
      );
    });
  });
}
