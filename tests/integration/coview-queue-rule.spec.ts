/**
 * A queue can require co-viewing from a severity on (wellbeing/coview-rule.ts): only coordinators
 * set it (create and PATCH), never on a blind queue, hostile values refused. A reviewer holding an
 * item at or above it in that queue is told (`required` on the coview endpoint), cannot reveal it
 * for a session in which they are alone (409), whatever they send, and a heartbeat of unprotected
 * viewing alone is audited; revealed together with a colleague, it is not. Another reviewer not in
 * the queue is not bound.
 */
import { describe, expect, it } from 'vitest';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, call, expectApiError } from '../helpers/http.ts';
import { createQueue, createReviewWorld, next } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';

for (const dialect of DIALECTS) {
  describe(`queue rule: view together from a severity (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 2, reviewers: 2 }));
    const coview = (token: string, item: string, json?: unknown, method?: string) =>
      call(suite.athar, token, `/api/items/${item}/coview`, json, method);

    it('only coordinators set it, never on a blind queue; a bound reviewer cannot reveal alone', async () => {
      const { world, athar } = suite;
      const [reviewer, colleague] = world.reviewers as [
        (typeof world.reviewers)[0],
        (typeof world.reviewers)[0]
      ];
      const base = {
        collectionId: world.collectionId,
        name: 'Graphic',
        task: 'annotate' as const,
        reviewsPerItem: 1,
        memberIds: [reviewer.id],
        itemIds: [world.items[0]!]
      };
      const blind = await call(athar, world.coordinator.token, '/api/queues', {
        ...base,
        blind: true,
        coviewFromSeverity: 2
      });
      await expectApiError(blind, 400, 'bad_request');
      const queueId = await createQueue(athar, world.coordinator.token, { ...base, blind: false });
      const patch = (token: string, json: unknown) =>
        call(athar, token, `/api/queues/${queueId}`, json, 'PATCH');
      await expectApiError(await patch(reviewer.token, { coviewFromSeverity: 1 }), 403, 'forbidden');
      for (const hostile of [0, 4, '2', 2.5, true])
        await expectApiError(
          await patch(world.coordinator.token, { coviewFromSeverity: hostile }),
          400,
          'bad_request'
        );
      const set = await patch(world.coordinator.token, { coviewFromSeverity: 2 });
      expect(set.status).toBe(200);
      expect(((await set.json()) as { coviewFromSeverity: number }).coviewFromSeverity).toBe(2);

      const assignment = (await next(athar, reviewer.token, queueId))!;
      const item = assignment.itemId;
      const required = async (token: string) =>
        (await api<{ required: boolean }>(athar, token, 'GET', `/api/items/${item}/coview`)).body.required;
      // Below the threshold the rule does not bind; labelled severity 3 it does, for the queue's reviewer only.
      expect(await required(reviewer.token)).toBe(false);
      expect(
        (await call(athar, colleague.token, `/api/items/${item}/labels`, { severity: 3, tags: [] }, 'PUT'))
          .status
      ).toBe(200);
      expect(await required(reviewer.token)).toBe(true);
      expect(await required(colleague.token)).toBe(false);

      // Alone in their own session, the bound reviewer's reveal is refused.
      expect((await coview(reviewer.token, item, { action: 'start' })).status).toBe(200);
      await expectApiError(
        await coview(reviewer.token, item, { action: 'reveal', revealed: true }),
        409,
        'conflict'
      );
      expect(
        (
          await api<{ session: { revealed: boolean } }>(
            athar,
            reviewer.token,
            'GET',
            `/api/items/${item}/coview`
          )
        ).body.session.revealed
      ).toBe(false);

      // A heartbeat alone is recorded (and still counted).
      const beat = await call(athar, reviewer.token, '/api/me/exposure', { itemId: item, seconds: 20 });
      expect(beat.status).toBe(200);
      const alone = () =>
        query<{ actor_id: string }>(
          athar,
          "select actor_id from audit_log where action = 'coview.alone' and target = ?",
          [item]
        );
      await expect.poll(async () => (await alone()).length).toBe(1);
      expect((await alone())[0]!.actor_id).toBe(reviewer.id);

      // With a colleague in the session, the lead reveals, and viewing together is not audited.
      expect((await coview(colleague.token, item, { action: 'join' })).status).toBe(200);
      expect((await coview(reviewer.token, item, { action: 'reveal', revealed: true })).status).toBe(200);
      expect(
        (await call(athar, reviewer.token, '/api/me/exposure', { itemId: item, seconds: 1 })).status
      ).toBe(200);
      expect((await alone()).length).toBe(1);
    });
  });
}
