/**
 * Describe once (wellbeing/descriptions.ts): a photograph's and a body's description written once
 * and read by later reviewers; audited; observers and hostile input refused; in a blind queue the
 * second reviewer neither reads nor overwrites it (API) until they have submitted; a queue that
 * requires a description refuses the submit (422) until one exists, and only coordinators set it.
 */
import { describe, expect, it } from 'vitest';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, call, expectApiError } from '../helpers/http.ts';
import { act, createQueue, createReviewWorld, next } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';

type Description = { visible: string; location: string; severity: number; authorId: string };
const TEXT = { visible: 'Bruising on both forearms', location: 'lower left quarter', severity: 2 };

for (const dialect of DIALECTS) {
  describe(`wellbeing: describe once (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 3, reviewers: 2 }));
    const put = (token: string, path: string, json: unknown) => call(suite.athar, token, path, json, 'PUT');
    const read = (token: string, path: string) =>
      api<{ description: Description | null }>(suite.athar, token, 'GET', path);

    it('the first reviewer describes a photograph; a later one reads it; both are audited', async () => {
      const { world, athar } = suite;
      const [first, later] = world.reviewers as [(typeof world.reviewers)[0], (typeof world.reviewers)[0]];
      const path = `/api/items/${world.items[0]}/description`;
      expect((await read(later.token, path)).body).toEqual({ description: null });
      const res = await put(first.token, path, TEXT);
      expect(res.status).toBe(200);
      const got = await read(later.token, path);
      expect(got.body.description).toMatchObject({ ...TEXT, authorId: first.id });
      const audits = await query<{ action: string }>(
        athar,
        "select action from audit_log where target = ? and action like 'description.%'",
        [world.items[0]]
      );
      expect(audits).toEqual([{ action: 'description.item' }]);
      await expectApiError(await put(world.observer.token, path, TEXT), 403, 'forbidden');
      for (const hostile of [
        { ...TEXT, severity: 4 },
        { ...TEXT, visible: '' },
        { ...TEXT, location: 'x'.repeat(2001) },
        { ...TEXT, visible: 'a\u0000b' },
        { visible: 'only' }
      ])
        await expectApiError(await put(first.token, path, hostile), 400, 'bad_request');
      expect((await read(later.token, path)).body.description).toMatchObject(TEXT);
    });

    it('a body has its description too, refused outside the collection', async () => {
      const { world, athar } = suite;
      const made = await api<{ id: string }>(athar, world.coordinator.token, 'POST', '/api/bodies', {
        collectionId: world.collectionId,
        itemIds: [world.items[2]]
      });
      const path = `/api/bodies/${made.body.id}/description`;
      expect((await put(world.expert.token, path, { ...TEXT, severity: 3 })).status).toBe(200);
      expect((await read(world.reviewers[0]!.token, path)).body.description).toMatchObject({ severity: 3 });
      await expectApiError(await call(athar, world.outsider.token, path), 404, 'not_found');
    });

    it('in a blind queue the second reviewer reads it only after submitting, and cannot overwrite it', async () => {
      const { world, athar } = suite;
      const [a, b] = world.reviewers as [(typeof world.reviewers)[0], (typeof world.reviewers)[0]];
      const queueId = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Blind',
        task: 'annotate',
        reviewsPerItem: 2,
        blind: true,
        memberIds: [a.id, b.id],
        itemIds: [world.items[1]!]
      });
      const mine = (await next(athar, a.token, queueId))!;
      const path = `/api/items/${mine.itemId}/description`;
      // A blind reviewer may write the first description (then reads only that it was written).
      const first = await put(a.token, path, TEXT);
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual({ written: true });
      const theirs = (await next(athar, b.token, queueId))!;
      expect(theirs.itemId).toBe(mine.itemId);
      await expectApiError(await call(athar, b.token, path), 403, 'forbidden');
      await expectApiError(await put(b.token, path, { ...TEXT, visible: 'Overwritten' }), 409, 'conflict');
      // The body of the photo is closed to them too (its description would describe the same injuries).
      const body = await api<{ id: string }>(athar, world.coordinator.token, 'POST', '/api/bodies', {
        collectionId: world.collectionId,
        itemIds: [mine.itemId]
      });
      const bodyPath = `/api/bodies/${body.body.id}/description`;
      expect((await put(world.coordinator.token, bodyPath, TEXT)).status).toBe(200);
      await expectApiError(await call(athar, b.token, bodyPath), 403, 'forbidden');
      expect((await act(athar, b.token, theirs.id, 'submit')).status).toBe(200);
      expect((await read(b.token, path)).body.description).toMatchObject({ ...TEXT, authorId: a.id });
      expect((await read(b.token, bodyPath)).body.description).toMatchObject(TEXT);
    });

    it('a queue that requires a description refuses the submit until one exists', async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[0]!;
      const made = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Described',
        task: 'annotate',
        reviewsPerItem: 1,
        blind: false,
        memberIds: [reviewer.id],
        itemIds: [world.items[2]!]
      });
      const rule = `/api/queues/${made}/description-rule`;
      await expectApiError(await put(reviewer.token, rule, { required: true }), 403, 'forbidden');
      await expectApiError(await put(world.coordinator.token, rule, { required: 'yes' }), 400, 'bad_request');
      expect((await put(world.coordinator.token, rule, { required: true })).status).toBe(200);
      expect((await api(athar, reviewer.token, 'GET', rule)).body).toEqual({ required: true });
      const assignment = (await next(athar, reviewer.token, made))!;
      await expectApiError(await act(athar, reviewer.token, assignment.id, 'submit'), 422, 'rejected');
      expect((await put(reviewer.token, `/api/items/${assignment.itemId}/description`, TEXT)).status).toBe(
        200
      );
      expect((await act(athar, reviewer.token, assignment.id, 'submit')).status).toBe(200);
    });
  });
}
