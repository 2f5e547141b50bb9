/**
 * The exposure ledger (issue #21): heartbeats credit only the caller's own ledger, for items they may
 * see, bounded by wall time (parallel beats cannot claim the same seconds); `GET /api/me/exposure`
 * with items opened; the soft daily limit (own and a coordinator's, the stricter applies), the break
 * prompt and its dismissal; coordinators' team totals: aggregates only, not broken down under three
 * people, individual daily totals only with consent; hostile input refused with nothing written.
 */
import { describe, expect, it } from 'vitest';
import { collectionIdOf, countOf } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, call, expectApiError, get } from '../helpers/http.ts';
import type { Instance } from '../helpers/athar.ts';
import { useWorld } from '../helpers/suite.ts';
import { addMember, addPerson, ingestPhotos } from '../helpers/world.ts';

type Day = { day: string; minutes: number; items: number; breaks: number };
type Mine = {
  today: Day;
  week: { minutes: number; items: number };
  days: Day[];
  limitMinutes: number;
  settings: { ownLimit: number; coordinatorLimit: number | null; consent: boolean };
  reached: boolean;
  breakDue: boolean;
};
type Team = {
  week: { people: number; minutes: number | null; items: number | null };
  days: Array<{ day: string; people: number | null; minutes: number | null }>;
  consenting: Array<{ userId: string; days: Array<{ day: string; minutes: number }> }>;
};

const COLLECTION = 'Generated batch';

/** A coordinator and three reviewers of one collection of one photo, and a reviewer outside it. */
async function exposureWorld(athar: Instance) {
  const items = await ingestPhotos(athar, COLLECTION, 1);
  const coordinator = await addPerson(athar, 'coordinator@example.org', 'coordinator');
  const reviewers = [];
  for (let i = 1; i <= 3; i++) reviewers.push(await addPerson(athar, `reviewer${i}@example.org`, 'reviewer'));
  for (const member of [coordinator, ...reviewers]) await addMember(athar, COLLECTION, member.email);
  const outsider = await addPerson(athar, 'outsider@example.org', 'reviewer');
  return { collectionId: await collectionIdOf(athar, COLLECTION), items, coordinator, reviewers, outsider };
}

for (const dialect of DIALECTS) {
  describe(`exposure ledger (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => exposureWorld(athar));
    const beat = (token: string, json: unknown) =>
      api<{ credited: number; exposure: Mine }>(suite.athar, token, 'POST', '/api/me/exposure', json);
    const mine = async (token: string) =>
      (await api<Mine>(suite.athar, token, 'GET', '/api/me/exposure')).body;
    const team = (token: string) =>
      api<Team>(suite.athar, token, 'GET', `/api/collections/${suite.world.collectionId}/exposure`);
    const ledgerRows = () => countOf(suite.athar, 'select count(*) as n from exposure_days');

    it('starts with the protective defaults', async () => {
      const me = await mine(suite.world.reviewers[0]!.token);
      expect(me.settings).toEqual({ ownLimit: 120, coordinatorLimit: null, consent: false });
      expect(me.today).toMatchObject({ minutes: 0, items: 0, breaks: 0 });
      expect(me.days).toHaveLength(7);
      expect(me.breakDue).toBe(false);
    });

    it('refuses forged, foreign and hostile heartbeats and writes nothing', async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[0]!;
      const item = world.items[0]!;
      const someoneElse = { itemId: item, seconds: 30, userId: world.reviewers[1]!.id };
      await expectApiError(await get(athar, '/api/me/exposure'), 401, 'unauthorized');
      await expectApiError(
        await call(athar, reviewer.token, '/api/me/exposure', someoneElse),
        400,
        'bad_request'
      );
      for (const body of [
        someoneElse,
        { itemId: item, seconds: 61 },
        { itemId: item, seconds: 0 },
        { itemId: item, seconds: 1.5 },
        { itemId: 'x', seconds: 5 },
        { seconds: 5 }
      ]) {
        expect((await beat(reviewer.token, body)).status, JSON.stringify(body)).toBe(400);
      }
      expect((await beat(world.outsider.token, { itemId: item, seconds: 30 })).status).toBe(403);
      expect(await ledgerRows()).toBe(0);
    });

    it('credits the caller only, bounded by the time that passed, even in parallel', async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[0]!;
      const started = Date.now();
      const first = await beat(reviewer.token, { itemId: world.items[0], seconds: 60 });
      expect(first.status).toBe(200);
      expect(first.body.credited).toBe(60);
      const burst = await Promise.all(
        Array.from({ length: 10 }, () => beat(reviewer.token, { itemId: world.items[0], seconds: 60 }))
      );
      const extra = burst.reduce((sum, r) => sum + r.body.credited, 0);
      expect(extra).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 1000));
      expect(first.body.exposure.today.minutes).toBe(1);
      // One row a day for the user, one per collection viewed; nobody else's ledger moved.
      expect(await ledgerRows()).toBe(1);
      expect(await countOf(athar, 'select count(*) as n from exposure_collections')).toBe(1);
      expect((await mine(world.reviewers[1]!.token)).today.minutes).toBe(0);
    });

    it('counts the items opened per day', async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[0]!;
      for (let i = 0; i < 2; i++) {
        const res = await get(athar, `/api/items/${world.items[0]}/original`, reviewer.token);
        expect(res.status).toBe(200);
        await res.arrayBuffer();
      }
      const me = await mine(reviewer.token);
      expect(me.today.items).toBe(1);
      expect(me.week.items).toBe(1);
    });

    it('suggests a break at the daily limit; dismissing it is recorded and the next comes later', async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[0]!;
      const tooLong = { dailyLimitMinutes: 721, consent: false };
      await expectApiError(
        await call(athar, reviewer.token, '/api/me/exposure/settings', tooLong, 'PUT'),
        400,
        'bad_request'
      );
      const set = await api(athar, reviewer.token, 'PUT', '/api/me/exposure/settings', {
        dailyLimitMinutes: 1,
        consent: false
      });
      expect(set.status).toBe(200);
      expect(await mine(reviewer.token)).toMatchObject({ limitMinutes: 1, reached: true, breakDue: true });
      const dismissed = await api<Mine>(athar, reviewer.token, 'POST', '/api/me/exposure/break');
      expect(dismissed.body).toMatchObject({ reached: true, breakDue: false, today: { breaks: 1 } });
    });

    it('lets a coordinator set a member’s limit; the stricter applies; nobody else may', async () => {
      const { world, athar } = suite;
      const path = `/api/collections/${world.collectionId}/exposure`;
      const target = world.reviewers[1]!;
      const asCoordinator = await api(athar, world.coordinator.token, 'PUT', path, {
        userId: target.id,
        dailyLimitMinutes: 45
      });
      expect(asCoordinator.status).toBe(200);
      expect(await mine(target.token)).toMatchObject({
        limitMinutes: 45,
        settings: { ownLimit: 120, coordinatorLimit: 45 }
      });
      // The reviewer's own looser choice does not lift it.
      await api(athar, target.token, 'PUT', '/api/me/exposure/settings', {
        dailyLimitMinutes: 300,
        consent: false
      });
      expect((await mine(target.token)).limitMinutes).toBe(45);
      expect(
        (await api(athar, target.token, 'PUT', path, { userId: target.id, dailyLimitMinutes: null })).status
      ).toBe(403);
      expect(
        (
          await api(athar, world.coordinator.token, 'PUT', path, {
            userId: world.outsider.id,
            dailyLimitMinutes: 5
          })
        ).status
      ).toBe(404);
      expect((await api(athar, world.outsider.token, 'GET', path)).status).toBe(404);
      expect((await mine(world.outsider.token)).settings.coordinatorLimit).toBeNull();
    });

    it('shows coordinators aggregates only, not broken down under three people, individuals by consent', async () => {
      const { world, athar } = suite;
      const [first, second, third] = world.reviewers;
      expect((await team(first!.token)).status).toBe(403);
      const alone = (await team(world.coordinator.token)).body;
      expect(alone.week).toEqual({ people: 1, minutes: null, items: null });
      expect(alone.days.every((d) => d.people === null && d.minutes === null)).toBe(true);
      expect(alone.consenting).toEqual([]);

      await beat(second!.token, { itemId: world.items[0], seconds: 60 });
      await beat(third!.token, { itemId: world.items[0], seconds: 60 });
      const grouped = (await team(world.coordinator.token)).body;
      expect(grouped.week.people).toBe(3);
      expect(grouped.week.minutes).toBeGreaterThanOrEqual(3);
      expect(grouped.days.at(-1)).toMatchObject({ people: 3 });
      expect(grouped.consenting).toEqual([]);

      await api(athar, first!.token, 'PUT', '/api/me/exposure/settings', {
        dailyLimitMinutes: 1,
        consent: true
      });
      const consented = (await team(world.coordinator.token)).body;
      expect(consented.consenting.map((c) => c.userId)).toEqual([first!.id]);
      expect(consented.consenting[0]!.days).toHaveLength(1);
    });
  });
}
