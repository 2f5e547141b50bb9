/**
 * View together (issue #21): a co-viewing session per item, held on the server. Only people who may
 * see the item's shared view start or join it (someone outside the collection is refused, a blind
 * reviewer of the item too); one session per item; only the lead changes the shared reveal, whatever a
 * participant sends; the session is capped (six people); the lead leaving ends it.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, call, expectApiError } from '../helpers/http.ts';
import { useWorld } from '../helpers/suite.ts';
import { createQueue, createReviewWorld, next } from '../helpers/review-world.ts';

type Session = {
  lead: { id: string; name: string };
  revealed: boolean;
  participants: Array<{ id: string; name: string }>;
  leads: boolean;
  joined: boolean;
} | null;

for (const dialect of DIALECTS) {
  describe(`view together (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 2, reviewers: 3 }));
    const path = (item: string) => `/api/items/${item}/coview`;
    const send = (token: string, item: string, json: unknown) => call(suite.athar, token, path(item), json);
    const state = async (token: string, item: string) =>
      (await api<{ session: Session }>(suite.athar, token, 'GET', path(item))).body.session;

    it('lets one lead start, a colleague join, and only the lead reveal for everyone', async () => {
      const { world } = suite;
      const [lead, colleague] = world.reviewers as [(typeof world.reviewers)[0], (typeof world.reviewers)[0]];
      const item = world.items[0]!;
      expect(await state(colleague.token, item)).toBeNull();
      expect((await send(lead.token, item, { action: 'start' })).status).toBe(200);
      await expectApiError(await send(colleague.token, item, { action: 'start' }), 409, 'conflict');

      const invited = await state(colleague.token, item);
      expect(invited).toMatchObject({ lead: { id: lead.id }, revealed: false, leads: false, joined: false });
      expect((await send(colleague.token, item, { action: 'join' })).status).toBe(200);

      // A participant cannot drive the shared reveal, neither by the action nor by extra fields.
      await expectApiError(
        await send(colleague.token, item, { action: 'reveal', revealed: true }),
        403,
        'forbidden'
      );
      await expectApiError(
        await send(colleague.token, item, { action: 'join', revealed: true, leadId: colleague.id }),
        400,
        'bad_request'
      );
      expect((await state(colleague.token, item))!.revealed).toBe(false);

      expect((await send(lead.token, item, { action: 'reveal', revealed: true })).status).toBe(200);
      const seen = await state(colleague.token, item);
      expect(seen).toMatchObject({ revealed: true, joined: true, leads: false });
      expect(seen!.participants.map((p) => p.id)).toEqual([lead.id, colleague.id]);

      // The colleague leaving keeps the session; the lead leaving ends it.
      expect((await call(suite.athar, colleague.token, path(item), undefined, 'DELETE')).status).toBe(200);
      expect((await state(lead.token, item))!.participants.map((p) => p.id)).toEqual([lead.id]);
      expect((await call(suite.athar, lead.token, path(item), undefined, 'DELETE')).status).toBe(200);
      expect(await state(colleague.token, item)).toBeNull();
      await expectApiError(await send(colleague.token, item, { action: 'join' }), 404, 'not_found');
    });

    it('refuses outsiders, another collection, blind reviewers and bad input', async () => {
      const { world, athar } = suite;
      const item = world.items[1]!;
      const lead = world.coordinator;
      expect((await send(lead.token, item, { action: 'start' })).status).toBe(200);
      for (const action of ['start', 'join']) {
        await expectApiError(await send(world.outsider.token, item, { action }), 403, 'forbidden');
      }
      await expectApiError(
        await call(athar, world.outsider.token, path(item), undefined, 'GET'),
        403,
        'forbidden'
      );
      await expectApiError(await send(lead.token, world.foreignItem, { action: 'start' }), 403, 'forbidden');
      for (const body of [
        {},
        { action: 'lead' },
        { action: 'reveal' },
        { action: 'reveal', revealed: 'yes' }
      ]) {
        await expectApiError(await send(lead.token, item, body), 400, 'bad_request');
      }

      // A reviewer with a blind assignment on the item stays on their own layer: no session for them.
      const reviewer = world.reviewers[0]!;
      const queue = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Blind pass',
        task: 'annotate',
        reviewsPerItem: 1,
        blind: true,
        memberIds: [reviewer.id],
        itemIds: [item]
      });
      expect((await next(athar, reviewer.token, queue))?.itemId).toBe(item);
      await expectApiError(await send(reviewer.token, item, { action: 'join' }), 403, 'forbidden');
      expect((await send(reviewer.token, world.items[0]!, { action: 'start' })).status).toBe(200);
    });

    it('caps a session at six people', async () => {
      const { world } = suite;
      // The blind reviewer of the previous test leads a session on the first item.
      const item = world.items[0]!;
      expect((await state(world.reviewers[0]!.token, item))!.leads).toBe(true);
      for (const who of [world.coordinator, world.expert, world.observer, world.admin, world.reviewers[1]!]) {
        expect((await send(who.token, item, { action: 'join' })).status).toBe(200);
      }
      await expectApiError(await send(world.reviewers[2]!.token, item, { action: 'join' }), 409, 'conflict');
      expect((await state(world.admin.token, item))!.participants).toHaveLength(6);
    });
  });
}
