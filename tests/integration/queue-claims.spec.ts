/**
 * Handing out review work: a coordinator makes a queue (and only a coordinator, and only a valid
 * one); reviewers pressing Next at once each get a slot no one else holds, never the same item
 * twice, until every item has its reviews; skip, flag and release give the slot back; nobody
 * finishes someone else's assignment, and nothing is finished twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { query } from '../helpers/db.ts';
import { call, expectApiError, post } from '../helpers/http.ts';
import {
  act,
  type Assignment,
  assignmentRow,
  assignmentsOf,
  createQueue,
  createReviewWorld,
  duplicates,
  isLive,
  next,
  type Person,
  type QueueBody,
  type ReviewWorld
} from '../helpers/review-world.ts';

const REVIEWERS = 8;
const ITEMS = 10;

for (const dialect of DIALECTS) {
  describe(`queue claims (${dialect})`, () => {
    let athar: Instance;
    let world: ReviewWorld;
    let queues = 0;
    /** A valid queue request over `items` for `members`; `change` overrides fields. */
    const body = (members: Person[], items: string[], change: Partial<QueueBody> = {}): QueueBody => ({
      collectionId: world.collectionId,
      name: `Queue ${++queues}`,
      task: 'annotate',
      reviewsPerItem: 1,
      blind: false,
      memberIds: members.map((m) => m.id),
      itemIds: items,
      ...change
    });
    const coordinatorQueue = (members: Person[], items: string[], change: Partial<QueueBody> = {}) =>
      createQueue(athar, world.coordinator.token, body(members, items, change));

    beforeAll(async () => {
      athar = await startInstance(dialect);
      world = await createReviewWorld(athar, { items: ITEMS, reviewers: REVIEWERS });
    });
    afterAll(async () => {
      await athar?.destroy();
    });

    it('creates a queue for a coordinator and refuses invalid requests', async () => {
      const [r1, r2] = world.reviewers as [Person, Person];
      const members = [r1, r2];
      const queuesBefore = await query(athar, 'select id from queues');
      const invalid: Array<[string, unknown]> = [
        ['a task of no known kind', body(members, world.items, { task: 'paint' })],
        ['no task', { ...body(members, world.items), task: undefined }],
        ['reviewsPerItem 0', body(members, world.items, { reviewsPerItem: 0 })],
        ['reviewsPerItem 4', body(members, world.items, { reviewsPerItem: 4 })],
        ['reviewsPerItem 1.5', body(members, world.items, { reviewsPerItem: 1.5 })],
        ['no members', body([], world.items)],
        ['an observer as a member', body([r1, world.observer], world.items)],
        ['a member outside the collection', body([r1, world.outsider], world.items)],
        ['an unknown member', { ...body(members, world.items), memberIds: [r1.id, 'a'.repeat(24)] }],
        ['an item of another collection', body(members, [world.items[0]!, world.foreignItem])],
        ['only items of another collection', body(members, [world.foreignItem])],
        ['an empty item selection', body(members, [])],
        [
          'a collection the coordinator is not in',
          { ...body(members, world.items), collectionId: world.otherCollectionId }
        ],
        ['a JSON string, not an object', 'reviewsPerItem=2']
      ];
      for (const [what, request] of invalid) {
        const res = await call(athar, world.coordinator.token, '/api/queues', request);
        // A collection the coordinator is not a member of is not theirs to see: 404.
        const outside = what === 'a collection the coordinator is not in';
        expect(res.status, what).toBe(outside ? 404 : 400);
        await expectApiError(res, outside ? 404 : 400, outside ? 'not_found' : 'bad_request');
      }
      for (const who of [r1, world.observer, world.expert]) {
        const res = await call(athar, who.token, '/api/queues', body(members, world.items));
        expect(res.status, who.email).toBe(403);
        await expectApiError(res, 403, 'forbidden');
      }
      const unauthenticated = await fetch(`${athar.url}/api/queues`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body(members, world.items))
      });
      expect(unauthenticated.status).toBe(401);
      // Nothing was made by any refusal.
      expect(await query(athar, 'select id from queues')).toEqual(queuesBefore);

      // A valid request makes the queue with exactly its selection, positions 0..n-1, and its members.
      const res = await call(
        athar,
        world.coordinator.token,
        '/api/queues',
        body(members, world.items.slice(0, 3), { reviewsPerItem: 2, blind: true })
      );
      expect(res.status, await res.clone().text()).toBe(201);
      const made = (await res.json()) as { id: string; task: string; reviewsPerItem: number; blind: boolean };
      expect(made).toMatchObject({ task: 'annotate', reviewsPerItem: 2, blind: true });
      const items = await query<{ item_id: string; position: unknown }>(
        athar,
        'select item_id, position from queue_items where queue_id = ? order by position',
        [made.id]
      );
      expect(items.map((i) => i.item_id).sort()).toEqual(world.items.slice(0, 3).sort());
      expect(items.map((i) => Number(i.position))).toEqual([0, 1, 2]);
      const memberRows = await query<{ user_id: string }>(
        athar,
        'select user_id from queue_members where queue_id = ?',
        [made.id]
      );
      expect(memberRows.map((m) => m.user_id).sort()).toEqual([r1.id, r2.id].sort());
    });

    it('refuses Next to non-members and for unknown queues', async () => {
      const queueId = await coordinatorQueue([world.reviewers[0]!], world.items.slice(0, 1));
      for (const who of [world.reviewers[1]!, world.expert, world.outsider, world.observer]) {
        await expectApiError(await post(athar, who.token, `/api/queues/${queueId}/next`), 403, 'forbidden');
      }
      await expectApiError(
        await post(athar, world.reviewers[0]!.token, `/api/queues/${'a'.repeat(24)}/next`),
        404,
        'not_found'
      );
      expect(await assignmentsOf(athar, queueId)).toEqual([]);
    });

    it('hands every review slot out exactly once to reviewers pressing Next at once', async () => {
      const reviewsPerItem = 3;
      const queueId = await coordinatorQueue(world.reviewers, world.items, { reviewsPerItem });
      const got = new Map<string, Assignment[]>(world.reviewers.map((r) => [r.id, []]));
      /** For each 204: items that still had a free slot this reviewer had not reviewed, right after it. */
      const leftAfterNoWork = new Map<string, string[]>();

      const work = async (reviewer: Person) => {
        for (;;) {
          const assignment = await next(athar, reviewer.token, queueId);
          if (!assignment) {
            // In this phase slots are only ever taken, never given back: whatever is free for this
            // reviewer now was free when the 204 was answered.
            const rows = await assignmentsOf(athar, queueId);
            leftAfterNoWork.set(
              reviewer.id,
              world.items.filter(
                (item) =>
                  rows.filter((r) => r.item_id === item && isLive(r)).length < reviewsPerItem &&
                  !rows.some((r) => r.item_id === item && r.user_id === reviewer.id)
              )
            );
            return;
          }
          got.get(reviewer.id)!.push(assignment);
          const res = await act(athar, reviewer.token, assignment.id, 'submit');
          expect(res.status, await res.clone().text()).toBe(200);
        }
      };
      await Promise.all(world.reviewers.map(work));

      const rows = await assignmentsOf(athar, queueId);
      // Every Next answered with an assignment the database holds, for that reviewer.
      const handedOut = [...got.entries()].flatMap(([userId, list]) => list.map((a) => ({ userId, a })));
      expect(handedOut).toHaveLength(rows.length);
      for (const { userId, a } of handedOut) {
        const row = rows.find((r) => r.id === a.id);
        expect(row).toMatchObject({ user_id: userId, item_id: a.itemId, slot: a.slot, status: 'submitted' });
        expect(a.room).toBe(`item/${a.itemId}`);
      }
      // No slot held twice, no reviewer on the same item twice.
      expect(duplicates(rows.filter(isLive).map((r) => `${r.item_id}/${r.slot}`))).toEqual([]);
      expect(duplicates(rows.map((r) => `${r.item_id}/${r.user_id}`))).toEqual([]);
      // Every item reviewed exactly reviewsPerItem times, in slots 1..reviewsPerItem.
      for (const item of world.items) {
        const reviews = rows.filter((r) => r.item_id === item && r.status === 'submitted');
        expect(reviews.map((r) => r.slot).sort(), item).toEqual([1, 2, 3]);
      }
      expect(rows).toHaveLength(ITEMS * reviewsPerItem);
      const counters = await query<{ live: unknown; done: unknown }>(
        athar,
        'select live, done from queue_items where queue_id = ?',
        [queueId]
      );
      expect(counters.map((c) => [Number(c.live), Number(c.done)])).toEqual(Array(ITEMS).fill([3, 3]));
      // A 204 came only when nothing was left for that reviewer.
      expect(leftAfterNoWork.size).toBe(REVIEWERS);
      expect([...leftAfterNoWork.values()].flat()).toEqual([]);
      // The work was shared, not taken by one fast reviewer.
      expect(new Set(rows.map((r) => r.user_id)).size).toBeGreaterThan(1);
    });

    it('answers 204 only when nothing is left for that reviewer', async () => {
      const [a, b, c] = world.reviewers as [Person, Person, Person];
      const [item] = world.items;
      const queueId = await coordinatorQueue([a, b, c], [item!], { reviewsPerItem: 2 });
      const first = await next(athar, a.token, queueId);
      const second = await next(athar, b.token, queueId);
      expect(first).toMatchObject({ itemId: item, slot: 1 });
      expect(second).toMatchObject({ itemId: item, slot: 2 });
      // Both slots are held: nothing for c.
      expect(await next(athar, c.token, queueId)).toBeNull();
      // a has done the item: nothing more for a, even with b's slot free again.
      expect((await act(athar, a.token, first!.id, 'submit')).status).toBe(200);
      expect((await act(athar, b.token, second!.id, 'release')).status).toBe(200);
      expect(await next(athar, a.token, queueId)).toBeNull();
      // … but c now gets the slot b gave back.
      expect(await next(athar, c.token, queueId)).toMatchObject({ itemId: item, slot: 2 });
    });

    it('gives a reviewer who presses Next again, even at once, the assignment they hold', async () => {
      const clickers = world.reviewers.slice(0, 4);
      const [a] = clickers as [Person];
      const queueId = await coordinatorQueue(clickers, world.items, { reviewsPerItem: 1 });
      const first = await next(athar, a.token, queueId);
      expect(first).not.toBeNull();
      expect(await next(athar, a.token, queueId)).toEqual(first);
      expect((await act(athar, a.token, first!.id, 'submit')).status).toBe(200);

      // Double (quadruple) clicks, by four reviewers at once, twice over: each click of a reviewer
      // answers the one assignment that reviewer holds.
      for (let round = 0; round < 2; round++) {
        const clicks = await Promise.all(
          clickers.map((who) => Promise.all([1, 2, 3, 4].map(() => next(athar, who.token, queueId))))
        );
        const rows = await assignmentsOf(athar, queueId);
        for (const [k, who] of clickers.entries()) {
          const ids = new Set(clicks[k]!.map((x) => x?.id));
          expect(ids.size, `round ${round}, ${who.email}: ${JSON.stringify(clicks[k])}`).toBe(1);
          const active = rows.filter((r) => r.user_id === who.id && r.status === 'active');
          expect(active.map((r) => r.id)).toEqual([...ids]);
        }
        for (const [k, who] of clickers.entries())
          expect((await act(athar, who.token, clicks[k]![0]!.id, 'submit')).status).toBe(200);
      }
      expect(duplicates((await assignmentsOf(athar, queueId)).map((r) => r.item_id))).toEqual([]);
    });

    it('finishes an assignment once when finishes race (a double click, submit against skip)', async () => {
      const racers = world.reviewers.slice(0, 4);
      const queueId = await coordinatorQueue(racers, world.items.slice(0, 4));
      const held = await Promise.all(racers.map((who) => next(athar, who.token, queueId)));
      const answers = await Promise.all(
        racers.map((who, k) =>
          Promise.all([
            act(athar, who.token, held[k]!.id, 'submit'),
            act(athar, who.token, held[k]!.id, 'submit'),
            act(athar, who.token, held[k]!.id, 'skip', 'changed my mind'),
            act(athar, who.token, held[k]!.id, 'release')
          ])
        )
      );
      const counters = await query<{ item_id: string; live: unknown; done: unknown }>(
        athar,
        'select item_id, live, done from queue_items where queue_id = ?',
        [queueId]
      );
      for (const [k, assignment] of held.entries()) {
        const statuses = answers[k]!.map((r) => r.status);
        expect(
          statuses.filter((s) => s === 200),
          JSON.stringify(statuses)
        ).toHaveLength(1);
        expect(
          statuses.filter((s) => s === 409),
          JSON.stringify(statuses)
        ).toHaveLength(3);
        const winner = ['submitted', 'submitted', 'skipped', 'released'][statuses.indexOf(200)];
        expect((await assignmentRow(athar, assignment!.id)).status).toBe(winner);
        // The item's counters moved once: a submitted review holds its slot and is done once.
        const counter = counters.find((c) => c.item_id === assignment!.itemId)!;
        expect([Number(counter.live), Number(counter.done)]).toEqual(
          winner === 'submitted' ? [1, 1] : [0, 0]
        );
      }
    });

    for (const action of ['skip', 'flag'] as const) {
      it(`needs a reason to ${action}, and gives the slot back`, async () => {
        const [a, b] = world.reviewers as [Person, Person];
        const [item] = world.items;
        const queueId = await coordinatorQueue([a, b], [item!]);
        const held = await next(athar, a.token, queueId);
        expect(held).toMatchObject({ itemId: item, slot: 1 });
        expect(await next(athar, b.token, queueId)).toBeNull();

        // No body, a body without a reason, a blank reason, a reason of the wrong type: 400.
        await expectApiError(await act(athar, a.token, held!.id, action), 400, 'bad_request');
        for (const bad of [{}, { reason: '   ' }, { reason: 42 }, { reason: 'x'.repeat(2001) }]) {
          const res = await call(athar, a.token, `/api/assignments/${held!.id}/${action}`, bad);
          await expectApiError(res, 400, 'bad_request');
        }
        expect(await assignmentRow(athar, held!.id)).toMatchObject({ status: 'active', reason: null });

        const res = await act(athar, a.token, held!.id, action, '  The photograph is of the wrong body.  ');
        expect(res.status, await res.clone().text()).toBe(200);
        expect(await res.json()).toEqual({ status: action === 'skip' ? 'skipped' : 'flagged' });
        expect(await assignmentRow(athar, held!.id)).toMatchObject({
          status: action === 'skip' ? 'skipped' : 'flagged',
          reason: 'The photograph is of the wrong body.'
        });
        // The slot is back in the pool: b gets it; a, who set it aside, does not get it again.
        expect(await next(athar, b.token, queueId)).toMatchObject({ itemId: item, slot: 1 });
        expect(await next(athar, a.token, queueId)).toBeNull();
        const [row] = await query<{ live: unknown; done: unknown }>(
          athar,
          'select live, done from queue_items where queue_id = ?',
          [queueId]
        );
        expect([Number(row!.live), Number(row!.done)]).toEqual([1, 0]);
      });
    }

    it('gives a released slot back', async () => {
      const [a, b] = world.reviewers as [Person, Person];
      const [item] = world.items;
      const queueId = await coordinatorQueue([a, b], [item!]);
      const held = await next(athar, a.token, queueId);
      expect(await next(athar, b.token, queueId)).toBeNull();
      const res = await act(athar, a.token, held!.id, 'release');
      expect(res.status, await res.clone().text()).toBe(200);
      expect(await res.json()).toEqual({ status: 'released' });
      expect(await assignmentRow(athar, held!.id)).toMatchObject({ status: 'released' });
      const taken = await next(athar, b.token, queueId);
      expect(taken).toMatchObject({ itemId: item, slot: 1 });
      expect(taken!.id).not.toBe(held!.id);
    });

    it("refuses to finish someone else's assignment (404) or a finished one (409)", async () => {
      const [a, b] = world.reviewers as [Person, Person];
      const queueId = await coordinatorQueue([a, b], world.items.slice(0, 2));
      const mine = await next(athar, a.token, queueId);
      expect(await next(athar, b.token, queueId)).not.toBeNull();
      for (const action of ['submit', 'release'] as const)
        await expectApiError(await act(athar, b.token, mine!.id, action), 404, 'not_found');
      for (const action of ['skip', 'flag'] as const)
        await expectApiError(await act(athar, b.token, mine!.id, action, 'not mine'), 404, 'not_found');
      for (const who of [world.coordinator, world.admin])
        await expectApiError(await act(athar, who.token, mine!.id, 'submit'), 404, 'not_found');
      await expectApiError(await act(athar, a.token, 'a'.repeat(24), 'submit'), 404, 'not_found');
      await expectApiError(await act(athar, a.token, mine!.id, 'approve' as 'submit'), 404, 'not_found');
      expect(await assignmentRow(athar, mine!.id)).toMatchObject({ status: 'active', user_id: a.id });

      expect((await act(athar, a.token, mine!.id, 'submit')).status).toBe(200);
      for (const action of ['submit', 'release'] as const)
        await expectApiError(await act(athar, a.token, mine!.id, action), 409, 'conflict');
      for (const action of ['skip', 'flag'] as const)
        await expectApiError(await act(athar, a.token, mine!.id, action, 'too late'), 409, 'conflict');
      expect(await assignmentRow(athar, mine!.id)).toMatchObject({ status: 'submitted', reason: null });
    });
  });
}
