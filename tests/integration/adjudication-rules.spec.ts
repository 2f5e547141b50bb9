/**
 * Adjudication rules, end to end over real sockets: coordinators adjudicate (plain reviewers do
 * not); an adjudicator who wrote one of the item's blind reviews is warned, or refused where the
 * queue forbids it; a rejection or a merge without a reason is refused by the socket (and by the
 * document module); every decision is an audit row once stored; and an item whose findings are
 * all decided leaves "ready to adjudicate".
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.ts';
import { serverClose } from '../helpers/collab.ts';
import { annotate, docOf, storedWhere } from '../helpers/collab-world.ts';
import { query } from '../helpers/db.ts';
import { get } from '../helpers/http.ts';
import {
  act,
  type Assignment,
  createQueue,
  createReviewWorld,
  next,
  type Person
} from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';
import {
  adjudicationOf,
  groupKey,
  readDecisions,
  writeDecision,
  type Group
} from '../../src/lib/model/document-schema.ts';

for (const dialect of DIALECTS) {
  describe(`adjudication rules (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 3, reviewers: 2 }));
    let queues = 0;

    /** A blind queue of one item whose two reviews (by `a` and `b`) hold the same finding. */
    async function reviewed(a: Person, b: Person, item: string, forbidSelfAdjudication = false) {
      const { athar, world } = suite;
      const queueId = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: `Blind ${++queues}`,
        task: 'annotate',
        reviewsPerItem: 2,
        blind: true,
        memberIds: [a.id, b.id],
        itemIds: [item],
        ...(forbidSelfAdjudication && { forbidSelfAdjudication })
      });
      const members = [];
      for (const who of [a, b]) {
        const assignment = (await next(athar, who.token, queueId)) as Assignment;
        const layer = await suite.join(assignment.room, who);
        annotate(layer.doc, `finding-${who.id}`, who.id);
        await storedWhere(athar, assignment.room, 'the finding stored', (u) =>
          docOf(u).getMap('annotations').has(`finding-${who.id}`)
        );
        expect((await act(athar, who.token, assignment.id, 'submit')).status).toBe(200);
        members.push({ assignmentId: assignment.id, annotationId: `finding-${who.id}` });
      }
      const group: Group = { key: groupKey(members), members };
      return { queueId, group };
    }
    const page = (queueId: string, item: string, who: Person) =>
      get(suite.athar, `/queues/${queueId}/adjudicate/${item}`, who.token);
    const readyItems = async (queueId: string, who: Person) =>
      (await get(suite.athar, `/queues/${queueId}/adjudicate`, who.token)).text();

    it('lets coordinators adjudicate, warns a reviewer-adjudicator, and refuses one where the queue forbids it', async () => {
      const { world } = suite;
      const [a] = world.reviewers as [Person];
      const [first, second] = world.items as [string, string];
      const warned = await reviewed(world.expert, a, first);
      const forbidden = await reviewed(world.expert, a, second, true);

      const coordinator = await page(warned.queueId, first, world.coordinator);
      expect(coordinator.status).toBe(200);
      expect(await coordinator.text()).not.toContain('data-testid="self-review-warning"');
      // A plain reviewer (no expert flag) does not adjudicate, even their own queue.
      expect((await page(warned.queueId, first, a)).status).toBe(403);

      const self = await page(warned.queueId, first, world.expert);
      expect(self.status).toBe(200);
      expect(await self.text()).toContain('data-testid="self-review-warning"');
      const refused = await page(forbidden.queueId, second, world.expert);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('adjudicated by someone else');
      // The coordinator still adjudicates that one.
      expect((await page(forbidden.queueId, second, world.coordinator)).status).toBe(200);
    });

    it('needs a reason to reject, audits each decision, and lets a fully decided item leave the ready list', async () => {
      const { athar, world } = suite;
      const [a, b] = world.reviewers as [Person, Person];
      const item = world.items[2]!;
      const { queueId, group } = await reviewed(a, b, item);
      const itemName = async () => {
        const [row] = await query<{ original_name: string }>(
          athar,
          'select original_name from items where id = ?',
          [item]
        );
        return row!.original_name;
      };
      expect(await readyItems(queueId, world.coordinator)).toContain(await itemName());

      // The document module refuses a rejection without a reason; a hand-made one is closed by the socket.
      const shared = await suite.join(`item/${item}`, world.coordinator);
      expect(writeDecision(shared.doc, group, 'rejected', null, { userId: world.coordinator.id })).toBe(
        false
      );
      const forged = await suite.join(`item/${item}`, world.coordinator);
      adjudicationOf(forged.doc).set(group.key, {
        decision: 'rejected',
        annotationId: null,
        from: null,
        by: world.coordinator.id,
        at: Date.now()
      });
      expect((await serverClose(forged)).code).toBe(4403);
      expect(readDecisions(shared.doc)).toEqual({});

      const by = { userId: world.coordinator.id, reason: 'Both reviewers marked a shadow' };
      expect(writeDecision(shared.doc, group, 'rejected', null, by)).toBe(true);
      const stored = await storedWhere(athar, `item/${item}`, 'the decision stored', (u) =>
        adjudicationOf(docOf(u)).has(group.key)
      );
      expect(readDecisions(docOf(stored))[group.key]).toMatchObject({
        decision: 'rejected',
        reason: 'Both reviewers marked a shadow'
      });
      await expect
        .poll(
          async () =>
            query<{ actor_id: string; details: string }>(
              athar,
              "select actor_id, details from audit_log where action = 'adjudication.decide' and target = ?",
              [item]
            ),
          { timeout: 15_000, interval: 50 }
        )
        .toEqual([
          {
            actor_id: world.coordinator.id,
            details: JSON.stringify({
              group: group.key,
              decision: 'rejected',
              annotationId: null,
              from: null,
              reason: 'Both reviewers marked a shadow'
            })
          }
        ]);
      await expect
        .poll(async () => readyItems(queueId, world.coordinator), { timeout: 15_000 })
        .not.toContain(await itemName());

      // Taking the decision back is audited too, and the item is ready again.
      shared.doc.transact(() => adjudicationOf(shared.doc).delete(group.key));
      await expect
        .poll(
          async () =>
            (
              await query(
                athar,
                "select 1 from audit_log where action = 'adjudication.clear' and target = ?",
                [item]
              )
            ).length,
          { timeout: 15_000, interval: 50 }
        )
        .toBe(1);
      await expect
        .poll(async () => readyItems(queueId, world.coordinator), { timeout: 15_000 })
        .toContain(await itemName());
    });
  });
}
