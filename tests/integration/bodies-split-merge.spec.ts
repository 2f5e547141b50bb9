/**
 * Changing bodies: PATCH (add, remove, move photos; roles and order; branch, dates, notes), DELETE,
 * split and merge with the undo of the last one, each audited; refused for observers, for a
 * body that changed since, and for photos of other bodies unless moved.
 */
import { describe, expect, it } from 'vitest';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api } from '../helpers/http.ts';
import { createReviewWorld } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';

type Body = {
  id: string;
  items: Array<{ itemId: string; role: string; order: number }>;
  mergedInto: string | null;
};

for (const dialect of DIALECTS) {
  describe(`bodies: editing, split and merge (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 16, reviewers: 1 }));
    let next = 0;
    const take = (n: number) => suite.world.items.slice(next, (next += n));
    const token = () => suite.world.reviewers[0]!.token;
    async function newBody(itemIds: string[]): Promise<string> {
      const res = await api<{ id: string }>(suite.athar, token(), 'POST', '/api/bodies', {
        collectionId: suite.world.collectionId,
        itemIds
      });
      expect(res.status).toBe(201);
      return res.body.id;
    }
    const get = async (id: string) =>
      (await api<Body>(suite.athar, token(), 'GET', `/api/bodies/${id}`)).body;
    const patch = (id: string, json: unknown, who = token()) =>
      api<Body>(suite.athar, who, 'PATCH', `/api/bodies/${id}`, json);
    const act = (id: string, action: string, json?: unknown) =>
      api<{ id?: string; undone?: string }>(
        suite.athar,
        token(),
        'POST',
        `/api/bodies/${id}/${action}`,
        json
      );

    it('adds, removes, orders and moves photos; a photo of another body needs move', async () => {
      const [p1, p2, p3, p4] = take(4);
      const a = await newBody([p1!, p2!]);
      const b = await newBody([p3!]);
      expect((await patch(a, { addItemIds: [p4!] })).status).toBe(200);
      expect((await patch(a, { addItemIds: [p3!] })).status).toBe(409);
      const reordered = await patch(a, {
        items: [
          { itemId: p4!, role: 'tag' },
          { itemId: p1!, role: 'face' },
          { itemId: p2!, role: 'full_body' }
        ]
      });
      expect(reordered.body.items).toEqual([
        { itemId: p4, role: 'tag', order: 0 },
        { itemId: p1, role: 'face', order: 1 },
        { itemId: p2, role: 'full_body', order: 2 }
      ]);
      const moved = await patch(a, { addItemIds: [p3!], move: true });
      expect(moved.body.items.map((i) => i.itemId)).toEqual([p4, p1, p2, p3]);
      expect((await get(b)).items).toEqual([]);
      expect((await patch(a, { removeItemIds: [p1!] })).body.items.map((i) => i.itemId)).toEqual([
        p4,
        p2,
        p3
      ]);
      expect((await patch(a, { removeItemIds: [p1!] })).status).toBe(400);
      expect((await patch(a, { items: [{ itemId: suite.world.foreignItem, role: 'tag' }] })).status).toBe(
        400
      );
      expect((await patch(a, { items: [{ itemId: p4!, role: 'scalp' }] })).status).toBe(400);
      expect((await patch(a, { notes: 'observer' }, suite.world.observer.token)).status).toBe(403);
      expect((await patch(a, { status: 'evaluated' })).status).toBe(409);
      const dated = await patch(a, { diedOn: '2013-08-21', notes: 'Card partly legible.' });
      expect(dated.body).toMatchObject({ diedOn: '2013-08-21', notes: 'Card partly legible.' });
      expect((await patch(a, { diedOn: '2013-02-30' })).status).toBe(400);
      const actions = await query<{ action: string }>(
        suite.athar,
        'select action from audit_log where target = ? order by seq',
        [a]
      );
      expect(actions.map((r) => r.action)).toEqual(['body.create', ...Array(5).fill('body.update')]);
    });

    it('splits a body and undoes the split', async () => {
      const photos = take(4);
      const a = await newBody(photos);
      const split = await act(a, 'split', { itemIds: [photos[1], photos[3]] });
      expect(split.status).toBe(201);
      const b = split.body.id!;
      expect((await get(a)).items.map((i) => i.itemId)).toEqual([photos[0], photos[2]]);
      expect((await get(b)).items.map((i) => i.itemId)).toEqual([photos[1], photos[3]]);
      expect((await act(a, 'split', { itemIds: [photos[0], photos[2]] })).status).toBe(400);
      const undone = await act(a, 'undo');
      expect(undone).toMatchObject({ status: 200, body: { undone: 'split', otherId: b } });
      expect((await get(a)).items.map((i) => i.itemId)).toEqual(photos);
      expect((await api(suite.athar, token(), 'GET', `/api/bodies/${b}`)).status).toBe(404);
      expect((await act(a, 'undo')).status).toBe(409);
      const actions = await query<{ action: string }>(
        suite.athar,
        'select action from audit_log where target = ? order by seq',
        [a]
      );
      expect(actions.map((r) => r.action)).toEqual(['body.create', 'body.split', 'body.split.undo']);
    });

    it('merges two bodies with their identifiers and undoes the merge', async () => {
      const [p1, p2, p3] = take(3);
      const a = await newBody([p1!]);
      const b = await newBody([p2!, p3!]);
      const entered = await api(suite.athar, token(), 'POST', `/api/bodies/${b}/identifiers`, {
        kind: 'report',
        value: '77'
      });
      expect(entered.status).toBe(201);
      expect((await act(a, 'merge', { bodyId: a })).status).toBe(400);
      expect((await act(a, 'merge', { bodyId: b })).status).toBe(200);
      const merged = (
        await api<Body & { identifiers: unknown[] }>(suite.athar, token(), 'GET', `/api/bodies/${a}`)
      ).body;
      expect(merged.items.map((i) => i.itemId)).toEqual([p1, p2, p3]);
      expect(merged.identifiers).toHaveLength(1);
      expect((await get(b)).mergedInto).toBe(a);
      expect((await patch(b, { notes: 'x' })).status).toBe(409);
      expect((await act(a, 'undo')).body).toMatchObject({ undone: 'merge', otherId: b });
      const back = await api<Body & { identifiers: unknown[] }>(
        suite.athar,
        token(),
        'GET',
        `/api/bodies/${b}`
      );
      expect(back.body.items.map((i) => i.itemId)).toEqual([p2, p3]);
      expect(back.body.identifiers).toHaveLength(1);
      expect(back.body.mergedInto).toBeNull();
      expect((await get(a)).items.map((i) => i.itemId)).toEqual([p1]);
    });

    it('refuses to undo a split once the split-off body has changed', async () => {
      const photos = take(3);
      const a = await newBody(photos.slice(0, 2));
      const split = await act(a, 'split', { itemIds: [photos[1]] });
      await patch(split.body.id!, { addItemIds: [photos[2]!] });
      expect((await act(a, 'undo')).status).toBe(409);
      expect((await get(a)).items.map((i) => i.itemId)).toEqual([photos[0]]);
    });

    it('deletes a body, freeing its photos; observers cannot', async () => {
      const photos = take(2);
      const a = await newBody(photos);
      expect((await api(suite.athar, suite.world.observer.token, 'DELETE', `/api/bodies/${a}`)).status).toBe(
        403
      );
      expect((await api(suite.athar, token(), 'DELETE', `/api/bodies/${a}`)).status).toBe(204);
      expect((await api(suite.athar, token(), 'GET', `/api/bodies/${a}`)).status).toBe(404);
      await newBody(photos);
    });
  });
}
