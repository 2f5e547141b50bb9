/**
 * The exposure ledger on the body page (issue #21): a heartbeat `{ bodyId, seconds }` credits the
 * caller's own ledger and the body's collection (team totals) through the same owner as item beats;
 * exactly one of `itemId` and `bodyId`, anything else a 400 that writes nothing; a body the caller
 * may not see (another collection's, none, outside its collection) is the same 404 and credits
 * nothing; item and body beats share one wall-time bound; a lone view of a body one of whose photos
 * a queue asks the caller to see together is audited as for an item.
 */
import { describe, expect, it } from 'vitest';
import { countOf, query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, call, expectApiError } from '../helpers/http.ts';
import type { Instance } from '../helpers/athar.ts';
import { createReviewWorld, queueWantingCoview, type ReviewWorld } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';

type Mine = { today: { minutes: number }; week: { minutes: number } };
type Team = { week: { people: number; minutes: number | null } };
type BodyWorld = ReviewWorld & { body: string; foreignBody: string };

async function makeBody(athar: Instance, token: string, collectionId: string, itemIds: string[]) {
  const made = await api<{ id: string }>(athar, token, 'POST', '/api/bodies', { collectionId, itemIds });
  expect(made.status).toBe(201);
  return made.body.id;
}

async function createBodyWorld(athar: Instance): Promise<BodyWorld> {
  const world = await createReviewWorld(athar, { items: 3, reviewers: 6 });
  return {
    ...world,
    body: await makeBody(athar, world.coordinator.token, world.collectionId, world.items),
    foreignBody: await makeBody(athar, world.admin.token, world.otherCollectionId, [world.foreignItem])
  };
}

for (const dialect of DIALECTS) {
  describe(`exposure ledger on a body (${dialect})`, () => {
    const suite = useWorld(dialect, createBodyWorld);
    const beat = (token: string, json: unknown) =>
      api<{ credited: number; exposure: Mine }>(suite.athar, token, 'POST', '/api/me/exposure', json);
    const mine = async (token: string) =>
      (await api<Mine>(suite.athar, token, 'GET', '/api/me/exposure')).body;
    const credited = async () => ({
      days: await countOf(suite.athar, 'select count(*) as n from exposure_days'),
      collections: await countOf(suite.athar, 'select count(*) as n from exposure_collections')
    });
    const aloneAudits = (target: string) =>
      query<{ actor_id: string; details: string }>(
        suite.athar,
        "select actor_id, details from audit_log where action = 'coview.alone' and target = ?",
        [target]
      );

    it('refuses malformed, mixed and unseen bodies alike and credits nothing', async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[0]!;
      const { body } = world;
      for (const json of [
        { bodyId: body, itemId: world.items[0], seconds: 30 },
        { seconds: 30 },
        { bodyId: body, seconds: 30, userId: world.reviewers[1]!.id },
        { bodyId: body, seconds: 30, collectionId: world.otherCollectionId },
        { bodyId: 'x', seconds: 30 },
        { bodyId: body.toUpperCase(), seconds: 30 },
        { bodyId: 7, seconds: 30 },
        { bodyId: null, seconds: 30 },
        { bodyId: body, seconds: 61 },
        { bodyId: body, seconds: 0 },
        { bodyId: body, seconds: -5 },
        { bodyId: body, seconds: 1.5 },
        { bodyId: body, seconds: '30' },
        { bodyId: body }
      ]) {
        await expectApiError(await call(athar, reviewer.token, '/api/me/exposure', json), 400, 'bad_request');
      }
      const both = await call(athar, reviewer.token, '/api/me/exposure', {
        bodyId: body,
        itemId: world.items[0],
        seconds: 30
      });
      expect(((await both.json()) as { error: { message: string } }).error.message).toBe(
        'Send exactly one of itemId and bodyId.'
      );

      // Another collection's body, no such body, an item's id as a body's, a body outside one's
      // collections: one 404 with one message, so a beat cannot tell which ids exist.
      const unseen = [
        [reviewer.token, world.foreignBody],
        [reviewer.token, 'a'.repeat(24)],
        [reviewer.token, world.items[0]!],
        [world.outsider.token, body]
      ] as const;
      const messages = new Set<string>();
      for (const [token, bodyId] of unseen) {
        const res = await call(athar, token, '/api/me/exposure', { bodyId, seconds: 30 });
        messages.add(await expectApiError(res, 404, 'not_found'));
      }
      expect([...messages]).toEqual(['No such body.']);
      expect(await credited()).toEqual({ days: 0, collections: 0 });
      expect((await mine(reviewer.token)).today.minutes).toBe(0);
    });

    it("credits a body beat to the caller and to the body's collection in the team totals", async () => {
      const { world, athar } = suite;
      const [, first, second, third] = world.reviewers;
      const one = await beat(first!.token, { bodyId: world.body, seconds: 60 });
      expect(one.status).toBe(200);
      expect(one.body.credited).toBe(60);
      expect(one.body.exposure.today.minutes).toBe(1);
      expect((await mine(first!.token)).today.minutes).toBe(1);
      expect((await mine(world.reviewers[0]!.token)).today.minutes).toBe(0);
      expect(
        await query<{ collection_id: string; user_id: string; seconds: number }>(
          athar,
          'select collection_id, user_id, seconds from exposure_collections'
        )
      ).toEqual([{ collection_id: world.collectionId, user_id: first!.id, seconds: 60 }]);

      for (const reviewer of [second!, third!])
        expect((await beat(reviewer.token, { bodyId: world.body, seconds: 60 })).body.credited).toBe(60);
      const team = await api<Team>(
        athar,
        world.coordinator.token,
        'GET',
        `/api/collections/${world.collectionId}/exposure`
      );
      expect(team.status).toBe(200);
      expect(team.body.week).toMatchObject({ people: 3, minutes: 3 });
      const other = await api<Team>(
        athar,
        world.admin.token,
        'GET',
        `/api/collections/${world.otherCollectionId}/exposure`
      );
      expect(other.body.week.people).toBe(0);
    });

    it('never credits more than the time that passed, alternating item and body beats', async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[4]!;
      const started = Date.now();
      expect((await beat(reviewer.token, { bodyId: world.body, seconds: 60 })).body.credited).toBe(60);
      const burst = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          beat(
            reviewer.token,
            i % 2 ? { itemId: world.items[1], seconds: 60 } : { bodyId: world.body, seconds: 60 }
          )
        )
      );
      expect(burst.every((r) => r.status === 200)).toBe(true);
      let extra = burst.reduce((sum, r) => sum + r.body.credited, 0);
      for (const json of [
        { itemId: world.items[0], seconds: 60 },
        { bodyId: world.body, seconds: 60 },
        { itemId: world.items[2], seconds: 60 },
        { bodyId: world.body, seconds: 60 }
      ])
        extra += (await beat(reviewer.token, json)).body.credited;
      expect(extra).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 1000));
      // The user's day and the collection's share of it agree: nothing counted twice.
      const [day] = await query<{ seconds: number }>(
        athar,
        'select seconds from exposure_days where user_id = ?',
        [reviewer.id]
      );
      const [share] = await query<{ seconds: number }>(
        athar,
        'select seconds from exposure_collections where user_id = ?',
        [reviewer.id]
      );
      expect(Number(day!.seconds)).toBe(60 + extra);
      expect(Number(share!.seconds)).toBe(60 + extra);
    });

    it('audits a lone view of a body one of whose photos a queue asks to see together', async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[5]!;
      const colleague = world.reviewers[0]!;
      await queueWantingCoview(athar, world, reviewer, world.items[2]!);

      // Counted (the dose happened) and audited against the body.
      const alone = await beat(reviewer.token, { bodyId: world.body, seconds: 20 });
      expect(alone.body.credited).toBe(20);
      const audits = await aloneAudits(world.body);
      expect(audits.map((a) => a.actor_id)).toEqual([reviewer.id]);
      expect(JSON.parse(audits[0]!.details)).toEqual({ seconds: 20, subject: 'body' });
      // The colleague is bound by no rule: not audited.
      expect((await beat(colleague.token, { bodyId: world.body, seconds: 5 })).status).toBe(200);
      expect(await aloneAudits(world.body)).toHaveLength(1);

      // Revealed in the body's session with the colleague: seen together, not audited.
      const coview = (token: string, json: unknown) =>
        call(athar, token, `/api/bodies/${world.body}/coview`, json);
      expect((await coview(reviewer.token, { action: 'start' })).status).toBe(200);
      expect((await coview(colleague.token, { action: 'join' })).status).toBe(200);
      expect((await coview(reviewer.token, { action: 'reveal', revealed: true })).status).toBe(200);
      expect((await beat(reviewer.token, { bodyId: world.body, seconds: 1 })).status).toBe(200);
      expect(await aloneAudits(world.body)).toHaveLength(1);

      // Once the colleague has left, the lead is alone again.
      expect(
        (await call(athar, colleague.token, `/api/bodies/${world.body}/coview`, undefined, 'DELETE')).status
      ).toBe(200);
      expect((await beat(reviewer.token, { bodyId: world.body, seconds: 1 })).status).toBe(200);
      expect(await aloneAudits(world.body)).toHaveLength(2);
    });
  });
}
