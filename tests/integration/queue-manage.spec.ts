/**
 * Managing a queue after it is made: pause, close and reopen (no new claims meanwhile, work in
 * hand can still be finished), due date, members added and removed (a removed reviewer's live
 * claim ends), a skipped item handed back to the same reviewer, the per-item table, and refusals:
 * reviewers, observers and other collections' coordinators change nothing.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.ts';
import { query } from '../helpers/db.ts';
import { api, call, expectApiError, signIn } from '../helpers/http.ts';
import { useWorld } from '../helpers/suite.ts';
import { addPerson } from '../helpers/world.ts';
import {
  act,
  assignmentRow,
  createQueue,
  createReviewWorld,
  next,
  type Person,
  type ReviewWorld
} from '../helpers/review-world.ts';

type QueueView = { id: string; state: string; dueAt: number | null };
type ItemTable = {
  rows: Array<{
    itemId: string;
    name: string;
    reviews: Array<{ assignmentId: string; reviewer: string; status: string; reason: string | null }>;
    flags: number;
    adjudication: string;
  }>;
  total: number;
};

for (const dialect of DIALECTS) {
  describe(`queue management (${dialect})`, () => {
    const suite = useWorld(dialect, async (athar) => ({
      ...(await createReviewWorld(athar, { items: 4, reviewers: 3 })),
      strangerCoordinator: await addPerson(athar, 'elsewhere@example.org', 'coordinator')
    }));
    let queues = 0;

    async function newQueue(world: ReviewWorld, members: Person[], reviewsPerItem = 1, blind = false) {
      return createQueue(suite.athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: `Managed ${++queues}`,
        task: 'annotate',
        reviewsPerItem,
        blind,
        memberIds: members.map((m) => m.id),
        itemIds: world.items
      });
    }

    function patch(token: string, queueId: string, body: unknown) {
      return call(suite.athar, token, `/api/queues/${queueId}`, body, 'PATCH');
    }

    it('pauses and closes: no new claims, work in hand can be finished; reopening hands out work again', async () => {
      const { athar, world } = suite;
      const [r1, r2] = world.reviewers as [Person, Person];
      const queueId = await newQueue(world, [r1, r2]);
      const held = await next(athar, r1.token, queueId);
      expect(held).not.toBeNull();

      const paused = await patch(world.coordinator.token, queueId, { state: 'paused' });
      expect(paused.status).toBe(200);
      expect(((await paused.json()) as QueueView).state).toBe('paused');
      await expectApiError(
        await call(athar, r2.token, `/api/queues/${queueId}/next`, undefined, 'POST'),
        409,
        'conflict'
      );
      // The reviewer who holds an item keeps it, renews it and submits it.
      expect((await act(athar, r1.token, held!.id, 'renew')).status).toBe(200);
      expect((await act(athar, r1.token, held!.id, 'submit')).status).toBe(200);
      await expectApiError(
        await call(athar, r1.token, `/api/queues/${queueId}/next`, undefined, 'POST'),
        409,
        'conflict'
      );

      expect((await patch(world.coordinator.token, queueId, { state: 'closed' })).status).toBe(200);
      await expectApiError(
        await call(athar, r2.token, `/api/queues/${queueId}/next`, undefined, 'POST'),
        409,
        'conflict'
      );
      expect((await patch(world.coordinator.token, queueId, { state: 'open' })).status).toBe(200);
      expect(await next(athar, r2.token, queueId)).not.toBeNull();

      const audited = await query<{ details: string }>(
        athar,
        "select details from audit_log where action = 'queue.update' and target = ? order by seq",
        [queueId]
      );
      expect(audited.map((r) => (JSON.parse(r.details) as { state: { to: string } }).state.to)).toEqual([
        'paused',
        'closed',
        'open'
      ]);
    });

    it('changes the due date, and adds and removes reviewers (a removed reviewer loses their live claim)', async () => {
      const { athar, world } = suite;
      const [r1, r2, r3] = world.reviewers as [Person, Person, Person];
      const queueId = await newQueue(world, [r1, r2]);
      const due = Date.UTC(2027, 0, 15);
      const dated = await patch(world.coordinator.token, queueId, { dueAt: due });
      expect(((await dated.json()) as QueueView).dueAt).toBe(due);
      expect(
        ((await (await patch(world.coordinator.token, queueId, { dueAt: null })).json()) as QueueView).dueAt
      ).toBeNull();

      await expectApiError(
        await call(athar, r3.token, `/api/queues/${queueId}/next`, undefined, 'POST'),
        403,
        'forbidden'
      );
      expect((await patch(world.coordinator.token, queueId, { addMemberIds: [r3.id] })).status).toBe(200);
      expect(await next(athar, r3.token, queueId)).not.toBeNull();

      const held = await next(athar, r2.token, queueId);
      expect((await patch(world.coordinator.token, queueId, { removeMemberIds: [r2.id] })).status).toBe(200);
      expect(await assignmentRow(athar, held!.id)).toMatchObject({
        status: 'released',
        reason: 'removed from the queue'
      });
      await expectApiError(await act(athar, r2.token, held!.id, 'submit'), 403, 'forbidden');
      // Its slot is back in the pool: r1 can take that item.
      const items = new Set<string>();
      for (let a = await next(athar, r1.token, queueId); a; a = await next(athar, r1.token, queueId)) {
        items.add(a.itemId);
        expect((await act(athar, r1.token, a.id, 'submit')).status).toBe(200);
      }
      expect(items.has(held!.itemId)).toBe(true);

      // Members added follow the rule of creation: no observers, nobody outside the collection.
      for (const who of [world.observer, world.outsider])
        await expectApiError(
          await patch(world.coordinator.token, queueId, { addMemberIds: [who.id] }),
          400,
          'bad_request'
        );
    });

    it('hands a skipped item back to the same reviewer, who gets it next', async () => {
      const { athar, world } = suite;
      const [r1] = world.reviewers as [Person];
      const queueId = await newQueue(world, [r1]);
      const first = await next(athar, r1.token, queueId);
      expect((await act(athar, r1.token, first!.id, 'skip', 'too dark to judge')).status).toBe(200);
      const second = await next(athar, r1.token, queueId);
      expect(second!.itemId).not.toBe(first!.itemId);
      expect((await act(athar, r1.token, second!.id, 'submit')).status).toBe(200);

      // Only skipped assignments of this queue can be handed back.
      await expectApiError(
        await patch(world.coordinator.token, queueId, { handBack: [second!.id] }),
        409,
        'conflict'
      );
      expect((await patch(world.coordinator.token, queueId, { handBack: [first!.id] })).status).toBe(200);
      expect((await assignmentRow(athar, first!.id)).status).toBe('returned');
      const again = await next(athar, r1.token, queueId);
      expect(again).toMatchObject({ id: first!.id, itemId: first!.itemId });
      expect(await assignmentRow(athar, first!.id)).toMatchObject({ status: 'active', reason: null });
      expect((await act(athar, r1.token, again!.id, 'submit')).status).toBe(200);
    });

    it('shows the per-item table: every review, its reviewer and state, flags, adjudication', async () => {
      const { athar, world } = suite;
      const [r1, r2] = world.reviewers as [Person, Person];
      const queueId = await newQueue(world, [r1, r2], 2, true);
      const a = await next(athar, r1.token, queueId);
      const b = await next(athar, r2.token, queueId);
      expect(a!.itemId).toBe(b!.itemId);
      expect((await act(athar, r1.token, a!.id, 'submit')).status).toBe(200);
      expect((await act(athar, r2.token, b!.id, 'submit')).status).toBe(200);
      const c = await next(athar, r1.token, queueId);
      expect((await act(athar, r1.token, c!.id, 'flag', 'not a photograph of a body')).status).toBe(200);

      const table = await api<ItemTable>(
        athar,
        world.coordinator.token,
        'GET',
        `/api/queues/${queueId}/items`
      );
      expect(table.status).toBe(200);
      expect(table.body.total).toBe(world.items.length);
      const row = (id: string) => table.body.rows.find((r) => r.itemId === id)!;
      expect(row(a!.itemId)).toMatchObject({ adjudication: 'ready', flags: 0 });
      expect(row(a!.itemId).reviews.map((r) => r.status)).toEqual(['submitted', 'submitted']);
      expect(row(c!.itemId)).toMatchObject({ flags: 1, adjudication: 'waiting' });
      expect(row(c!.itemId).reviews[0]).toMatchObject({
        status: 'flagged',
        reason: 'not a photograph of a body'
      });

      const page = await signIn(athar, world.coordinator.email);
      const html = await (await page.request(`/queues/${queueId}/dashboard`)).text();
      expect(html).toContain(`/queues/${queueId}/adjudicate/${a!.itemId}`);
      expect(html).toContain('data-testid="item-table"');
      // One item compared: the agreement says what it rests on, and that it is too few to judge.
      expect(html).toContain('too few to judge');
      const queue = await api<{
        agreement: { overall: { items: number; matched: number; tooFew: boolean } };
      }>(athar, world.coordinator.token, 'GET', `/api/queues/${queueId}`);
      expect(queue.body.agreement.overall).toMatchObject({ items: 1, matched: 0, tooFew: true });
    });

    it('refuses reviewers, observers, other collections and bad input, changing nothing', async () => {
      const { athar, world } = suite;
      const [r1] = world.reviewers as [Person];
      const queueId = await newQueue(world, [r1]);
      const before = await query(athar, 'select state, due_at from queues where id = ?', [queueId]);
      const members = await query(
        athar,
        'select user_id from queue_members where queue_id = ? order by user_id',
        [queueId]
      );
      await expectApiError(await patch(r1.token, queueId, { state: 'closed' }), 403, 'forbidden');
      await expectApiError(await patch(world.observer.token, queueId, { state: 'closed' }), 404, 'not_found');
      await expectApiError(
        await patch(world.strangerCoordinator.token, queueId, { state: 'closed' }),
        404,
        'not_found'
      );
      await expectApiError(await call(athar, r1.token, `/api/queues/${queueId}/items`), 403, 'forbidden');
      const bad: unknown[] = [
        {},
        { state: 'archived' },
        { dueAt: 'tomorrow' },
        { dueAt: 1e300 },
        { addMemberIds: ['not-an-id'] },
        { addMemberIds: [] },
        {
          removeMemberIds: Array.from(
            { length: 501 },
            (_, i) => `${'a'.repeat(20)}${String(i).padStart(4, 'a')}`
          )
        },
        { name: 'renamed' },
        [],
        null
      ];
      for (const body of bad)
        await expectApiError(await patch(world.coordinator.token, queueId, body), 400, 'bad_request');
      await expectApiError(
        await patch(world.coordinator.token, queueId, { handBack: ['a'.repeat(24)] }),
        409,
        'conflict'
      );
      expect(await query(athar, 'select state, due_at from queues where id = ?', [queueId])).toEqual(before);
      expect(
        await query(athar, 'select user_id from queue_members where queue_id = ? order by user_id', [queueId])
      ).toEqual(members);
    });
  });
}
