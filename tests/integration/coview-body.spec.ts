/**
 * View together on a body (issue #21): the item sessions' contract on `/api/bodies/:id/coview`, from
 * the same owner (wellbeing/coview.ts). Someone who may not see the body (outside its collection, a
 * body of another collection, no such body) gets 404 for every method; a reviewer who reviews any
 * photo of the body blind is refused (403) and told nothing of the session; only the lead reveals
 * for everyone, whatever a participant sends; bad input is a 400 that changes nothing; the session
 * is capped (409); a queue's co-viewing rule on one of its photos binds the body's lead as it binds
 * an item's. A body's session and its photos' item sessions are separate sessions. The migration
 * that keys sessions by subject carries an item session open during the upgrade over, and back.
 */
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, call, expectApiError } from '../helpers/http.ts';
import {
  createQueue,
  createReviewWorld,
  next,
  queueWantingCoview,
  type ReviewWorld
} from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';
import type { Instance } from '../helpers/athar.ts';

type Session = {
  lead: { id: string; name: string };
  revealed: boolean;
  participants: Array<{ id: string; name: string }>;
  leads: boolean;
  joined: boolean;
} | null;

type BodyWorld = ReviewWorld & { bodyA: string; bodyB: string; foreignBody: string };

async function makeBody(athar: Instance, token: string, collectionId: string, itemIds: string[]) {
  const made = await api<{ id: string }>(athar, token, 'POST', '/api/bodies', { collectionId, itemIds });
  expect(made.status).toBe(201);
  return made.body.id;
}

/** The migration that keys sessions by subject, and the one before it (later ones come and go with it). */
const SUBJECT = '2026_12_07_010000_coview_subject';
const NAMES = Object.keys(migrations).sort();
const BEFORE_SUBJECT = NAMES[NAMES.indexOf(SUBJECT) - 1]!;

/** The instance's own database as Kysely, for its migrations (closed by the caller). */
function migrationDb(athar: Instance) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return new Kysely<any>({
    dialect:
      athar.dialect === 'sqlite'
        ? new SqliteDialect({ database: new SQLite(path.join(athar.dataDir, 'athar.db')) })
        : new PostgresDialect({ pool: new pg.Pool({ connectionString: athar.env.DATABASE_URL, max: 1 }) })
  });
}

async function createBodyWorld(athar: Instance): Promise<BodyWorld> {
  const world = await createReviewWorld(athar, { items: 5, reviewers: 3 });
  const token = world.coordinator.token;
  return {
    ...world,
    bodyA: await makeBody(athar, token, world.collectionId, world.items.slice(0, 3)),
    bodyB: await makeBody(athar, token, world.collectionId, world.items.slice(3, 5)),
    foreignBody: await makeBody(athar, world.admin.token, world.otherCollectionId, [world.foreignItem])
  };
}

for (const dialect of DIALECTS) {
  describe(`view together on a body (${dialect})`, () => {
    const suite = useWorld(dialect, createBodyWorld);
    const path = (body: string) => `/api/bodies/${body}/coview`;
    const send = (token: string, body: string, json: unknown) => call(suite.athar, token, path(body), json);
    const leave = (token: string, body: string) => call(suite.athar, token, path(body), undefined, 'DELETE');
    const state = async (token: string, body: string) => {
      const got = await api<{ session: Session; required: boolean }>(suite.athar, token, 'GET', path(body));
      expect(got.status).toBe(200);
      return got.body.session;
    };
    const sessionRows = async () =>
      query<{ subject: string; item_id: string | null; body_id: string | null; revealed: number }>(
        suite.athar,
        'select subject, item_id, body_id, revealed from coview_sessions order by subject'
      );

    it('lets one lead start, a colleague join, and only the lead reveal the photos for everyone', async () => {
      const { world } = suite;
      const [lead, colleague] = world.reviewers as [(typeof world.reviewers)[0], (typeof world.reviewers)[0]];
      const body = world.bodyA;
      expect(await state(colleague.token, body)).toBeNull();
      expect((await send(lead.token, body, { action: 'start' })).status).toBe(200);
      await expectApiError(await send(colleague.token, body, { action: 'start' }), 409, 'conflict');

      // The body's session is not a session on any of its photos, and is stored as the body's.
      const photo = `/api/items/${world.items[0]}/coview`;
      expect(
        (await api<{ session: Session }>(suite.athar, colleague.token, 'GET', photo)).body.session
      ).toBeNull();
      expect(await sessionRows()).toEqual([
        { subject: `body:${body}`, item_id: null, body_id: body, revealed: 0 }
      ]);

      const invited = await state(colleague.token, body);
      expect(invited).toMatchObject({ lead: { id: lead.id }, revealed: false, leads: false, joined: false });
      expect((await send(colleague.token, body, { action: 'join' })).status).toBe(200);

      // A participant cannot drive the shared reveal, neither by the action nor by extra fields.
      await expectApiError(
        await send(colleague.token, body, { action: 'reveal', revealed: true }),
        403,
        'forbidden'
      );
      await expectApiError(
        await send(colleague.token, body, { action: 'join', revealed: true, leadId: colleague.id }),
        400,
        'bad_request'
      );
      expect((await state(colleague.token, body))!.revealed).toBe(false);

      expect((await send(lead.token, body, { action: 'reveal', revealed: true })).status).toBe(200);
      const seen = await state(colleague.token, body);
      expect(seen).toMatchObject({ revealed: true, joined: true, leads: false });
      expect(seen!.participants.map((p) => p.id)).toEqual([lead.id, colleague.id]);
      expect((await send(lead.token, body, { action: 'reveal', revealed: false })).status).toBe(200);
      expect((await state(colleague.token, body))!.revealed).toBe(false);

      // The colleague leaving keeps the session; the lead leaving ends it.
      expect((await leave(colleague.token, body)).status).toBe(200);
      expect((await state(lead.token, body))!.participants.map((p) => p.id)).toEqual([lead.id]);
      expect((await leave(lead.token, body)).status).toBe(200);
      expect(await state(colleague.token, body)).toBeNull();
      await expectApiError(await send(colleague.token, body, { action: 'join' }), 404, 'not_found');
      expect(await sessionRows()).toEqual([]);
    });

    it('answers 404 to whoever may not see the body, 400 to bad input, 409 past six people', async () => {
      const { world, athar } = suite;
      const body = world.bodyB;
      const lead = world.coordinator;
      expect((await send(lead.token, body, { action: 'start' })).status).toBe(200);
      const before = await state(lead.token, body);

      // Outside the collection, another collection's body, no such body: the same 404, every method.
      for (const [token, target] of [
        [world.outsider.token, body],
        [lead.token, world.foreignBody],
        [lead.token, '00000000-0000-4000-8000-000000000000'],
        [lead.token, 'not-an-id']
      ] as const) {
        await expectApiError(await call(athar, token, path(target), undefined, 'GET'), 404, 'not_found');
        for (const action of ['start', 'join'])
          await expectApiError(await send(token, target, { action }), 404, 'not_found');
        await expectApiError(
          await send(token, target, { action: 'reveal', revealed: true }),
          404,
          'not_found'
        );
        await expectApiError(await leave(token, target), 404, 'not_found');
      }

      for (const json of [
        {},
        { action: 'lead' },
        { action: 'reveal' },
        { action: 'reveal', revealed: 'yes' },
        { action: 'start', subject: 'item' },
        'start'
      ]) {
        await expectApiError(await send(lead.token, body, json), 400, 'bad_request');
      }
      const notJson = await call(athar, lead.token, path(body), undefined, 'POST');
      await expectApiError(notJson, 400, 'bad_request');
      expect(await state(lead.token, body)).toEqual(before);

      for (const who of [
        world.expert,
        world.observer,
        world.admin,
        world.reviewers[0]!,
        world.reviewers[1]!
      ]) {
        expect((await send(who.token, body, { action: 'join' })).status).toBe(200);
      }
      await expectApiError(await send(world.reviewers[2]!.token, body, { action: 'join' }), 409, 'conflict');
      const full = await state(world.admin.token, body);
      expect(full!.participants).toHaveLength(6);
      expect(full!.participants.map((p) => p.id)).not.toContain(world.reviewers[2]!.id);
      // A session on another collection's body was never made by any of the refused requests.
      expect((await sessionRows()).map((r) => r.subject)).toEqual([`body:${body}`]);
      expect((await leave(lead.token, body)).status).toBe(200);
    });

    it('refuses a reviewer who reviews any photo of the body blind, and tells them nothing of it', async () => {
      const { world, athar } = suite;
      const blindReviewer = world.reviewers[2]!;
      const queue = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Blind pass',
        task: 'annotate',
        reviewsPerItem: 1,
        blind: true,
        memberIds: [blindReviewer.id],
        itemIds: [world.items[1]!]
      });
      expect((await next(athar, blindReviewer.token, queue))?.itemId).toBe(world.items[1]);
      expect((await send(world.coordinator.token, world.bodyA, { action: 'start' })).status).toBe(200);

      const refused = await call(athar, blindReviewer.token, path(world.bodyA), undefined, 'GET');
      const message = await expectApiError(refused, 403, 'forbidden');
      expect(message).toMatch(/reviewing a photo of this body blind/);
      for (const json of [{ action: 'start' }, { action: 'join' }, { action: 'reveal', revealed: true }])
        await expectApiError(await send(blindReviewer.token, world.bodyA, json), 403, 'forbidden');
      await expectApiError(await leave(blindReviewer.token, world.bodyA), 403, 'forbidden');
      expect((await state(world.coordinator.token, world.bodyA))!.participants.map((p) => p.id)).toEqual([
        world.coordinator.id
      ]);

      // A body none of whose photos they review blind stays open to them.
      expect(await state(blindReviewer.token, world.bodyB)).toBeNull();
      expect((await leave(world.coordinator.token, world.bodyA)).status).toBe(200);
    });

    it("binds the lead to a queue's co-viewing rule on one of the body's photos", async () => {
      const { world, athar } = suite;
      const [reviewer, colleague] = world.reviewers as [
        (typeof world.reviewers)[0],
        (typeof world.reviewers)[0]
      ];
      await queueWantingCoview(athar, world, reviewer, world.items[2]!);
      const required = async (token: string) =>
        (await api<{ required: boolean }>(athar, token, 'GET', path(world.bodyA))).body.required;
      expect(await required(reviewer.token)).toBe(true);
      expect(await required(colleague.token)).toBe(false);

      expect((await send(reviewer.token, world.bodyA, { action: 'start' })).status).toBe(200);
      await expectApiError(
        await send(reviewer.token, world.bodyA, { action: 'reveal', revealed: true }),
        409,
        'conflict'
      );
      expect((await state(reviewer.token, world.bodyA))!.revealed).toBe(false);
      expect((await send(colleague.token, world.bodyA, { action: 'join' })).status).toBe(200);
      expect((await send(reviewer.token, world.bodyA, { action: 'reveal', revealed: true })).status).toBe(
        200
      );
      expect((await state(colleague.token, world.bodyA))!.revealed).toBe(true);
    });

    it('carries an item session over the upgrade that keys sessions by subject, and back', async () => {
      const { world, athar } = suite;
      const db = migrationDb(athar);
      try {
        const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
        const down = await migrator.migrateTo(BEFORE_SUBJECT);
        expect(down.error).toBeUndefined();
        expect(down.results?.map((r) => [r.migrationName, r.status])).toContainEqual([SUBJECT, 'Success']);
        // Down: item sessions only (the body session of the previous test ends with the downgrade).
        expect(await db.selectFrom('coview_sessions').selectAll().execute()).toEqual([]);
        const item = world.items[4]!;
        await db
          .insertInto('coview_sessions')
          .values({ item_id: item, lead_id: world.expert.id, revealed: 1, lead_seen_at: Date.now() })
          .execute();
        await db
          .insertInto('coview_participants')
          .values([
            { item_id: item, user_id: world.expert.id, joined_at: 1 },
            { item_id: item, user_id: world.observer.id, joined_at: 2 }
          ])
          .execute();
        const up = await migrator.migrateToLatest();
        expect(up.error).toBeUndefined();
        const session = await api<{ session: Session }>(
          athar,
          world.observer.token,
          'GET',
          `/api/items/${item}/coview`
        );
        expect(session.body.session).toMatchObject({
          lead: { id: world.expert.id },
          revealed: true,
          joined: true,
          participants: [{ id: world.expert.id }, { id: world.observer.id }]
        });
        // And back down and up again: the item session and its people stay.
        expect((await migrator.migrateTo(BEFORE_SUBJECT)).error).toBeUndefined();
        expect(
          await db.selectFrom('coview_participants').select(['item_id', 'user_id']).execute()
        ).toHaveLength(2);
        expect((await migrator.migrateToLatest()).error).toBeUndefined();
        expect(
          await db.selectFrom('coview_sessions').select(['subject', 'item_id', 'body_id']).execute()
        ).toEqual([{ subject: `item:${item}`, item_id: item, body_id: null }]);
      } finally {
        await db.destroy();
      }
    });
  });
}
