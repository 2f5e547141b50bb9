/**
 * Content labels (wellbeing/labels.ts): severity 1–3 and tags per item and per body, set by those who
 * see them (observers refused, other collections 404), audited; a body's label applies to its photos
 * (the higher severity, the union of tags); hostile input refused with nothing written; the labels
 * in the item and body GETs; the queue's "contains" summary.
 */
import { describe, expect, it } from 'vitest';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, call, expectApiError } from '../helpers/http.ts';
import { createQueue, createReviewWorld } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';

type Label = { severity: number | null; tags: string[]; updatedBy: string | null; updatedAt: number };

for (const dialect of DIALECTS) {
  describe(`wellbeing: content labels (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 4, reviewers: 1 }));
    const put = (token: string, path: string, json: unknown) => call(suite.athar, token, path, json, 'PUT');

    it('a reviewer labels an item; the item GET shows it; the change is audited', async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[0]!;
      const item = world.items[0]!;
      const res = await put(reviewer.token, `/api/items/${item}/labels`, {
        severity: 2,
        tags: ['mutilation', 'face_visible']
      });
      expect(res.status).toBe(200);
      // Tags are stored in their canonical order, whatever order they were sent in.
      expect(await res.json()).toMatchObject({
        severity: 2,
        tags: ['face_visible', 'mutilation'],
        updatedBy: reviewer.id
      });
      const got = await api<{ label: Label; effectiveLabel: Label }>(
        athar,
        reviewer.token,
        'GET',
        `/api/items/${item}`
      );
      expect(got.body.label).toMatchObject({ severity: 2, tags: ['face_visible', 'mutilation'] });
      expect(got.body.effectiveLabel).toEqual({ severity: 2, tags: ['face_visible', 'mutilation'] });
      const audits = await query<{ action: string; actor_id: string }>(
        athar,
        "select action, actor_id from audit_log where target = ? and action like 'label.%'",
        [item]
      );
      expect(audits).toEqual([{ action: 'label.item', actor_id: reviewer.id }]);
    });

    it("a body's label applies to its photos: the higher severity, the union of tags", async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[0]!;
      const [first, second] = [world.items[1]!, world.items[2]!];
      await put(reviewer.token, `/api/items/${first}/labels`, { severity: 1, tags: ['child'] });
      const made = await api<{ id: string }>(athar, reviewer.token, 'POST', '/api/bodies', {
        collectionId: world.collectionId,
        itemIds: [first, second]
      });
      expect(made.status).toBe(201);
      const res = await put(world.coordinator.token, `/api/bodies/${made.body.id}/labels`, {
        severity: 3,
        tags: ['decomposition']
      });
      expect(res.status).toBe(200);
      const body = await api<{ label: Label }>(athar, reviewer.token, 'GET', `/api/bodies/${made.body.id}`);
      expect(body.body.label).toMatchObject({
        severity: 3,
        tags: ['decomposition'],
        updatedBy: world.coordinator.id
      });
      const labels = await api<{ own: Label; effective: Label }>(
        athar,
        reviewer.token,
        'GET',
        `/api/items/${first}/labels`
      );
      expect(labels.body.own).toMatchObject({ severity: 1, tags: ['child'] });
      expect(labels.body.effective).toEqual({ severity: 3, tags: ['child', 'decomposition'] });
      const plain = await api<{ own: Label | null; effective: Label }>(
        athar,
        reviewer.token,
        'GET',
        `/api/items/${second}/labels`
      );
      expect(plain.body).toEqual({ own: null, effective: { severity: 3, tags: ['decomposition'] } });
    });

    it('the queue says what it contains, by effective labels', async () => {
      const { world, athar } = suite;
      const queueId = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Labelled',
        task: 'annotate',
        reviewsPerItem: 1,
        blind: false,
        memberIds: [world.reviewers[0]!.id]
      });
      const got = await api<{ contents: unknown }>(
        athar,
        world.reviewers[0]!.token,
        'GET',
        `/api/queues/${queueId}`
      );
      expect(got.body.contents).toEqual({
        items: 4,
        labelled: 3,
        bySeverity: { 1: 0, 2: 1, 3: 2 },
        byTag: { face_visible: 1, mutilation: 1, child: 1, decomposition: 2 }
      });
    });

    it('refuses observers (403), other collections (403/404) and hostile input (400), writing nothing', async () => {
      const { world, athar } = suite;
      const item = world.items[3]!;
      const before = await query(athar, 'select * from content_labels order by target_id');
      await expectApiError(
        await put(world.observer.token, `/api/items/${item}/labels`, { severity: 1, tags: [] }),
        403,
        'forbidden'
      );
      await expectApiError(
        await put(world.outsider.token, `/api/items/${item}/labels`, { severity: 1, tags: [] }),
        403,
        'forbidden'
      );
      await expectApiError(
        await put(world.reviewers[0]!.token, `/api/items/${world.foreignItem}/labels`, {
          severity: 1,
          tags: []
        }),
        403,
        'forbidden'
      );
      const token = world.reviewers[0]!.token;
      for (const hostile of [
        { severity: 4, tags: [] },
        { severity: '3', tags: [] },
        { severity: 1, tags: ['gore'] },
        { severity: 1, tags: ['child', 'child'] },
        { severity: 1, tags: [], extra: true },
        { severity: 1 },
        []
      ])
        await expectApiError(await put(token, `/api/items/${item}/labels`, hostile), 400, 'bad_request');
      await expectApiError(
        await put(token, `/api/bodies/aaaaaaaaaaaaaaaaaaaaaaaa/labels`, { severity: 1, tags: [] }),
        404,
        'not_found'
      );
      expect(await query(athar, 'select * from content_labels order by target_id')).toEqual(before);
    });

    it("the items listing carries each photo's label; label cards are on by default and kept when left out", async () => {
      const { world, athar } = suite;
      const token = world.reviewers[0]!.token;
      const listed = await api<{ items: Array<{ id: string; label: unknown }> }>(
        athar,
        token,
        'GET',
        `/api/collections/${world.collectionId}/items`
      );
      const byId = new Map(listed.body.items.map((i) => [i.id, i.label]));
      expect(byId.get(world.items[0]!)).toEqual({ severity: 2, tags: ['face_visible', 'mutilation'] });
      expect(byId.get(world.items[3]!)).toBeNull();
      const preferences = '/api/me/preferences';
      expect((await api(athar, token, 'GET', preferences)).body).toEqual({
        blur: true,
        greyscale: true,
        labelCards: true,
        exposureMinutes: 20
      });
      const off = { blur: true, greyscale: true, labelCards: false, exposureMinutes: 20 };
      expect((await api(athar, token, 'PUT', preferences, off)).body).toEqual(off);
      // An older client that does not know the setting leaves it as it is.
      const older = await api(athar, token, 'PUT', preferences, {
        blur: false,
        greyscale: true,
        exposureMinutes: 20
      });
      expect(older.body).toEqual({ ...off, blur: false });
      await expectApiError(await put(token, preferences, { ...off, labelCards: 'no' }), 400, 'bad_request');
    });
  });
}
