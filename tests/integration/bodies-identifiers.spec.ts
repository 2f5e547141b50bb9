/**
 * Body identifiers verified by double entry (`POST /api/bodies/:id/identifiers`): a second equal
 * entry by another person verifies, a different one disputes, the same person twice never verifies;
 * an adjudicator who did not enter it resolves a dispute; search finds a body by any digit form
 * (`GET /api/bodies?collection=&identifier=`); observers and other collections refused; audit rows;
 * the verify task: a reviewer holding a verify assignment on a photo of the body enters blind.
 */
import { describe, expect, it } from 'vitest';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api } from '../helpers/http.ts';
import { createQueue, createReviewWorld, next } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';

type Entry = { identifierId: string; status: string; outcome: string };
type Identifier = { id: string; kind: string; raw: string; normalized: string; status: string };

for (const dialect of DIALECTS) {
  describe(`bodies: identifiers (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 8, reviewers: 3 }));
    let photo = 0;
    async function newBody(): Promise<string> {
      const { world, athar } = suite;
      const res = await api<{ id: string }>(athar, world.coordinator.token, 'POST', '/api/bodies', {
        collectionId: world.collectionId,
        itemIds: [world.items[photo++]]
      });
      expect(res.status).toBe(201);
      return res.body.id;
    }
    const enter = (token: string, bodyId: string, json: unknown) =>
      api<Entry>(suite.athar, token, 'POST', `/api/bodies/${bodyId}/identifiers`, json);
    const identifiersOf = async (bodyId: string, token = suite.world.coordinator.token) =>
      (await api<{ identifiers: Identifier[] }>(suite.athar, token, 'GET', `/api/bodies/${bodyId}`)).body
        .identifiers;

    it('verifies an identifier when another person enters the same number in any digit form', async () => {
      const [a, b] = suite.world.reviewers;
      const bodyId = await newBody();
      const first = await enter(a!.token, bodyId, { kind: 'detainee', value: '٢١٥٣' });
      expect(first).toMatchObject({ status: 201, body: { status: 'unverified', outcome: 'created' } });
      expect(await identifiersOf(bodyId)).toMatchObject([
        { kind: 'detainee', raw: '٢١٥٣', normalized: '2153', status: 'unverified' }
      ]);
      const second = await enter(b!.token, bodyId, { kind: 'detainee', value: '2153' });
      expect(second).toMatchObject({
        status: 200,
        body: { identifierId: first.body.identifierId, status: 'verified', outcome: 'verified' }
      });
      expect(await identifiersOf(bodyId)).toMatchObject([{ raw: '٢١٥٣', status: 'verified' }]);
      const entries = await query<{ user_id: string }>(
        suite.athar,
        'select user_id from body_identifier_entries where identifier_id = ? order by entered_at',
        [first.body.identifierId]
      );
      expect(entries.map((e) => e.user_id)).toEqual([a!.id, b!.id]);
    });

    it('disputes an identifier when another person reads a different number; an adjudicator resolves it', async () => {
      const { world, athar } = suite;
      const [a, b] = world.reviewers;
      const bodyId = await newBody();
      const first = await enter(a!.token, bodyId, { kind: 'branch', value: '227' });
      const second = await enter(b!.token, bodyId, { kind: 'branch', value: '217' });
      expect(second.body).toMatchObject({
        identifierId: first.body.identifierId,
        status: 'disputed',
        outcome: 'disputed'
      });
      const path = `/api/bodies/${bodyId}/identifiers/${first.body.identifierId}/resolve`;
      expect((await api(athar, b!.token, 'POST', path, { value: '227' })).status).toBe(403);
      const resolved = await api(athar, world.expert.token, 'POST', path, { value: '٢٢٧' });
      expect(resolved).toMatchObject({ status: 200, body: { status: 'verified' } });
      expect(await identifiersOf(bodyId)).toMatchObject([
        { raw: '٢٢٧', normalized: '227', status: 'verified' }
      ]);
      expect((await api(athar, world.expert.token, 'POST', path, { value: '227' })).status).toBe(409);
    });

    it('never verifies when the same person enters a number twice', async () => {
      const [a] = suite.world.reviewers;
      const bodyId = await newBody();
      const first = await enter(a!.token, bodyId, { kind: 'hospital', value: '88/1' });
      const again = await enter(a!.token, bodyId, { kind: 'hospital', value: '88-1' });
      expect(again.body).toMatchObject({
        identifierId: first.body.identifierId,
        status: 'unverified',
        outcome: 'same_person'
      });
      const named = await enter(a!.token, bodyId, {
        kind: 'hospital',
        value: '88 1',
        identifierId: first.body.identifierId
      });
      expect(named.body.status).toBe('unverified');
      expect(await identifiersOf(bodyId)).toMatchObject([{ kind: 'hospital', status: 'unverified' }]);
    });

    it('refuses observers, another collection, hostile entries and photos of other bodies', async () => {
      const { world, athar } = suite;
      const bodyId = await newBody();
      const otherBody = await newBody();
      const before = await query(athar, 'select id from body_identifier_entries');
      expect((await enter(world.observer.token, bodyId, { kind: 'report', value: '1' })).status).toBe(403);
      expect((await enter(world.outsider.token, bodyId, { kind: 'report', value: '1' })).status).toBe(404);
      const reviewer = world.reviewers[0]!.token;
      for (const hostile of [
        { kind: 'name', value: '1' },
        { kind: 'report', value: '' },
        { kind: 'report', value: '1'.repeat(65) },
        { kind: 'report', value: '1\u0000' },
        { kind: 'report', value: '1\n2' },
        { kind: 'report', value: 12 },
        { kind: 'report', value: '1', region: 'xywh=percent:1,2,3,4' },
        { kind: 'report', value: '1', itemId: world.foreignItem },
        { kind: 'report', value: '1', itemId: world.items[photo - 1] },
        { kind: 'report', value: '1', identifierId: 'a'.repeat(24) }
      ]) {
        const res = await enter(reviewer, bodyId, hostile);
        expect([400, 404], JSON.stringify(hostile)).toContain(res.status);
      }
      expect(await query(athar, 'select id from body_identifier_entries')).toHaveLength(before.length);
      expect(otherBody).not.toBe(bodyId);
    });

    it('finds a body by an identifier in any digit form, within the caller’s collections only', async () => {
      const { world, athar } = suite;
      const bodyId = await newBody();
      await enter(world.reviewers[0]!.token, bodyId, { kind: 'detainee', value: '5519/٧' });
      const search = (token: string, text: string, collection = world.collectionId) =>
        api<{ bodies: Array<{ id: string }> }>(
          athar,
          token,
          'GET',
          `/api/bodies?collection=${collection}&identifier=${encodeURIComponent(text)}`
        );
      for (const text of ['٥٥١٩/٧', '5519-7', '۵۵۱۹ ۷', '5519/7']) {
        const found = await search(world.observer.token, text);
        expect(found.status, text).toBe(200);
        expect(
          found.body.bodies.map((b) => b.id),
          text
        ).toEqual([bodyId]);
      }
      expect((await search(world.observer.token, '5519')).body.bodies).toEqual([]);
      expect((await search(world.outsider.token, '5519/7')).status).toBe(404);
      expect((await search(world.observer.token, 'x'.repeat(65))).status).toBe(400);
      const audits = await query<{ action: string }>(athar, 'select action from audit_log where target = ?', [
        bodyId
      ]);
      expect(audits.map((a) => a.action)).toEqual(['body.create', 'body.identifier.enter']);
    });

    it('keeps the verify task blind: the first reading is withheld until the second is entered', async () => {
      const { world, athar } = suite;
      const [a, b, c] = world.reviewers;
      const bodyId = await newBody();
      const photoId = world.items[photo - 1]!;
      const first = await enter(a!.token, bodyId, { kind: 'detainee', value: '4402' });
      const queueId = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Verify tags',
        task: 'verify',
        reviewsPerItem: 1,
        blind: false,
        memberIds: [b!.id],
        itemIds: [photoId]
      });
      expect(await next(athar, b!.token, queueId)).toMatchObject({ itemId: photoId });
      const found = await api<{
        bodies: Array<{ id: string; identifiers: Array<{ normalized: string | null }> }>;
      }>(athar, b!.token, 'GET', `/api/bodies?item=${photoId}`);
      expect(found.body.bodies).toMatchObject([{ id: bodyId, identifiers: [{ normalized: null }] }]);
      expect(await identifiersOf(bodyId, b!.token)).toMatchObject([
        { raw: null, normalized: null, status: 'unverified' }
      ]);
      expect(await identifiersOf(bodyId, c!.token)).toMatchObject([{ raw: '4402' }]);
      // A guess cannot be tested through the search either: it matches verified numbers only.
      const guess = `/api/bodies?collection=${world.collectionId}&identifier=4402`;
      const probed = await api<{ bodies: Array<{ id: string }> }>(athar, b!.token, 'GET', guess);
      expect(probed.body.bodies.map((x) => x.id)).not.toContain(bodyId);
      const seen = await api<{ bodies: Array<{ id: string }> }>(athar, c!.token, 'GET', guess);
      expect(seen.body.bodies.map((x) => x.id)).toContain(bodyId);
      const second = await enter(b!.token, bodyId, { kind: 'detainee', value: '٤٤٠٢', itemId: photoId });
      expect(second.body).toMatchObject({ identifierId: first.body.identifierId, status: 'verified' });
      expect(await identifiersOf(bodyId, b!.token)).toMatchObject([{ raw: '4402', status: 'verified' }]);
      const verified = await api<{ bodies: Array<{ id: string }> }>(athar, b!.token, 'GET', guess);
      expect(verified.body.bodies.map((x) => x.id)).toContain(bodyId);
      const via = await query<{ via: string }>(
        athar,
        'select via from body_identifier_entries where identifier_id = ? order by entered_at',
        [first.body.identifierId]
      );
      expect(via.map((v) => v.via)).toEqual(['api', 'verify']);
    });
  });
}
