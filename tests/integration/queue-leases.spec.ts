/**
 * Leases and progress: an assignment whose lease has run out gives its slot to the next reviewer;
 * renew extends a lease that still runs and refuses one that has ended; the queue's progress counts
 * done, in progress and remaining slots, overall and per reviewer, as the assignments say.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { query } from '../helpers/db.ts';
import { call, expectApiError } from '../helpers/http.ts';
import {
  act,
  assignmentRow,
  assignmentsOf,
  createQueue,
  createReviewWorld,
  duplicates,
  isLive,
  next,
  type Person,
  type ReviewWorld
} from '../helpers/review-world.ts';

/** The lease a queue gets (DEFAULT_LEASE_MS in src/lib/server/review/queues.ts). */
const DEFAULT_LEASE_MS = 30 * 60_000;

type Progress = {
  items: number;
  slots: number;
  done: number;
  inProgress: number;
  remaining: number;
  itemsComplete: number;
  perReviewer: Array<{
    userId: string;
    name: string;
    submitted: number;
    inProgress: number;
    skipped: number;
    flagged: number;
  }>;
  throughput: Array<{ day: string; submitted: number }>;
  flags: Array<{ assignmentId: string; itemId: string; status: string; reason: string; by: string }>;
};

type QueueView = { id: string; progress: Progress; agreement: unknown };

for (const dialect of DIALECTS) {
  describe(`queue leases and progress (${dialect})`, () => {
    let athar: Instance;
    let world: ReviewWorld;
    let queues = 0;
    const makeQueue = (members: Person[], items: string[], reviewsPerItem = 1) =>
      createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: `Leases ${++queues}`,
        task: 'annotate',
        reviewsPerItem,
        blind: false,
        memberIds: members.map((m) => m.id),
        itemIds: items
      });
    /** Ends a lease behind the server's back, as the clock would. */
    const expire = (assignmentId: string) =>
      query(athar, 'update assignments set lease_expires_at = ? where id = ?', [
        Date.now() - 60_000,
        assignmentId
      ]);
    const view = async (queueId: string, who: Person = world.coordinator): Promise<QueueView> => {
      const res = await call(athar, who.token, `/api/queues/${queueId}`);
      expect(res.status, await res.clone().text()).toBe(200);
      return (await res.json()) as QueueView;
    };
    const liveOf = async (queueId: string, itemId: string) => {
      const [row] = await query<{ live: unknown }>(
        athar,
        'select live from queue_items where queue_id = ? and item_id = ?',
        [queueId, itemId]
      );
      return Number(row?.live);
    };

    beforeAll(async () => {
      athar = await startInstance(dialect);
      world = await createReviewWorld(athar, { items: 3, reviewers: 3 });
    });
    afterAll(async () => {
      await athar?.destroy();
    });

    it('gives the slot of an expired lease to the next reviewer', async () => {
      const [a, b] = world.reviewers as [Person, Person];
      const [item] = world.items;
      const queueId = await makeQueue([a, b], [item!]);
      const held = await next(athar, a.token, queueId);
      expect(held).toMatchObject({ itemId: item, slot: 1 });
      expect(await next(athar, b.token, queueId)).toBeNull();

      await expire(held!.id);
      const taken = await next(athar, b.token, queueId);
      expect(taken).toMatchObject({ itemId: item, slot: 1 });
      expect(taken!.id).not.toBe(held!.id);
      expect(await assignmentRow(athar, held!.id)).toMatchObject({ status: 'expired', user_id: a.id });
      expect(await liveOf(queueId, item!)).toBe(1);

      // The expired assignment is over: it cannot be renewed or finished any more.
      await expectApiError(await act(athar, a.token, held!.id, 'renew'), 409, 'conflict');
      await expectApiError(await act(athar, a.token, held!.id, 'submit'), 409, 'conflict');
      await expectApiError(await act(athar, a.token, held!.id, 'skip', 'late'), 409, 'conflict');
      // Nothing is left for a (the only item is b's now), and b's assignment is untouched.
      expect(await next(athar, a.token, queueId)).toBeNull();
      expect(await assignmentRow(athar, taken!.id)).toMatchObject({ status: 'active', user_id: b.id });
      expect((await act(athar, b.token, taken!.id, 'submit')).status).toBe(200);
    });

    it('takes the lease length from the queue, and a lease of 1 ms lets the next reviewer in', async () => {
      const [a, b, c] = world.reviewers as [Person, Person, Person];
      const [item] = world.items;
      const queueId = await makeQueue([a, b, c], [item!]);
      await query(athar, 'update queues set lease_ms = ? where id = ?', [1234567, queueId]);
      const long = await next(athar, a.token, queueId);
      const [claimed] = await query<{ claimed_at: unknown }>(
        athar,
        'select claimed_at from assignments where id = ?',
        [long!.id]
      );
      expect(long!.leaseExpiresAt - Number(claimed!.claimed_at)).toBe(1234567);
      expect((await assignmentRow(athar, long!.id)).lease_expires_at).toBe(long!.leaseExpiresAt);
      expect((await act(athar, a.token, long!.id, 'release')).status).toBe(200);

      await query(athar, 'update queues set lease_ms = 1 where id = ?', [queueId]);
      const brief = await next(athar, b.token, queueId);
      expect(brief).toMatchObject({ itemId: item, slot: 1 });
      // Pressed until the millisecond has passed; no reviewer waits for it in real use.
      const taken = await vi.waitFor(
        async () => {
          const assignment = await next(athar, c.token, queueId);
          expect(assignment, 'the 1 ms lease to run out').not.toBeNull();
          return assignment;
        },
        { timeout: 15_000 }
      );
      expect(taken).toMatchObject({ itemId: item, slot: 1 });
      expect(await assignmentRow(athar, brief!.id)).toMatchObject({ status: 'expired' });
    });

    it('does not hand an expired item back to the reviewer who let it lapse', async () => {
      const [a] = world.reviewers as [Person];
      const queueId = await makeQueue([a], world.items.slice(0, 2));
      const first = await next(athar, a.token, queueId);
      await expire(first!.id);
      const second = await next(athar, a.token, queueId);
      expect(second).not.toBeNull();
      expect(second!.itemId).not.toBe(first!.itemId);
      expect(await assignmentRow(athar, first!.id)).toMatchObject({ status: 'expired' });
      expect(await liveOf(queueId, first!.itemId)).toBe(0);
    });

    it('returns lapsed leases once when reviewers press Next at once (each twice)', async () => {
      const [a, b, c] = world.reviewers as [Person, Person, Person];
      const queueId = await makeQueue([a, b, c], world.items);
      const lapsed = [await next(athar, a.token, queueId), await next(athar, b.token, queueId)];
      for (const held of lapsed) await expire(held!.id);

      const answers = await Promise.all(
        [a, a, b, b, c, c].map((who) => next(athar, who.token, queueId).then((got) => ({ who, got })))
      );

      const rows = await assignmentsOf(athar, queueId);
      for (const held of lapsed)
        expect(rows.find((r) => r.id === held!.id)).toMatchObject({ status: 'expired' });
      // Every lapsed slot was returned once: each counter is exactly its item's live assignments.
      for (const item of world.items) {
        const live = rows.filter((r) => r.item_id === item && isLive(r)).length;
        expect(live).toBeLessThanOrEqual(1);
        expect(await liveOf(queueId, item)).toBe(live);
      }
      expect(duplicates(rows.map((r) => `${r.item_id} ${r.user_id}`))).toEqual([]);
      for (const who of [a, b, c]) {
        const mine = answers.filter((x) => x.who === who).map((x) => x.got?.id ?? null);
        const active = rows.filter((r) => r.user_id === who.id && r.status === 'active');
        expect(active.length).toBeLessThanOrEqual(1);
        // Both presses of one reviewer got the same answer: their one active assignment, or none.
        expect(mine).toEqual([active[0]?.id ?? null, active[0]?.id ?? null]);
      }
    });

    it('renews a lease that still runs, and refuses one that has ended', async () => {
      const [a, b] = world.reviewers as [Person, Person];
      const queueId = await makeQueue([a, b], world.items.slice(0, 2));
      const held = await next(athar, a.token, queueId);
      const soon = Date.now() + 60_000;
      await query(athar, 'update assignments set lease_expires_at = ? where id = ?', [soon, held!.id]);

      const before = Date.now();
      const res = await act(athar, a.token, held!.id, 'renew');
      const after = Date.now();
      expect(res.status, await res.clone().text()).toBe(200);
      const { leaseExpiresAt } = (await res.json()) as { leaseExpiresAt: number };
      expect(leaseExpiresAt).toBeGreaterThanOrEqual(before + DEFAULT_LEASE_MS);
      expect(leaseExpiresAt).toBeLessThanOrEqual(after + DEFAULT_LEASE_MS);
      expect(await assignmentRow(athar, held!.id)).toMatchObject({
        status: 'active',
        lease_expires_at: leaseExpiresAt
      });
      // Next hands back the renewed assignment.
      expect(await next(athar, a.token, queueId)).toMatchObject({ id: held!.id, leaseExpiresAt });

      // Someone else's lease is not theirs to renew.
      const other = await act(athar, b.token, held!.id, 'renew');
      expect([404, 409]).toContain(other.status);
      expect((await assignmentRow(athar, held!.id)).lease_expires_at).toBe(leaseExpiresAt);

      // An ended lease is not revived, even before anyone has swept it.
      await expire(held!.id);
      const lapsed = (await assignmentRow(athar, held!.id)).lease_expires_at;
      await expectApiError(await act(athar, a.token, held!.id, 'renew'), 409, 'conflict');
      expect(await assignmentRow(athar, held!.id)).toMatchObject({
        status: 'active',
        lease_expires_at: lapsed
      });

      // Nor is a finished one.
      const again = await next(athar, a.token, queueId);
      expect(again!.id).not.toBe(held!.id);
      expect((await act(athar, a.token, again!.id, 'submit')).status).toBe(200);
      await expectApiError(await act(athar, a.token, again!.id, 'renew'), 409, 'conflict');
    });

    it('counts done, in progress and remaining slots, overall and per reviewer', async () => {
      const [a, b, c] = world.reviewers as [Person, Person, Person];
      const queueId = await makeQueue([a, b, c], world.items, 2);
      const empty = (await view(queueId)).progress;
      expect(empty).toMatchObject({
        items: 3,
        slots: 6,
        done: 0,
        inProgress: 0,
        remaining: 6,
        itemsComplete: 0
      });
      expect(empty.perReviewer.map((r) => r.userId).sort()).toEqual([a.id, b.id, c.id].sort());

      // x: reviewed by a and b; y: in progress with a and b; z: skipped by c.
      const a1 = await next(athar, a.token, queueId);
      expect((await act(athar, a.token, a1!.id, 'submit')).status).toBe(200);
      const b1 = await next(athar, b.token, queueId);
      expect(b1!.itemId).toBe(a1!.itemId);
      expect((await act(athar, b.token, b1!.id, 'submit')).status).toBe(200);
      const a2 = await next(athar, a.token, queueId);
      const b2 = await next(athar, b.token, queueId);
      expect(b2!.itemId).toBe(a2!.itemId);
      const c1 = await next(athar, c.token, queueId);
      expect([a1!.itemId, a2!.itemId]).not.toContain(c1!.itemId);
      expect((await act(athar, c.token, c1!.id, 'skip', 'Not a body photograph.')).status).toBe(200);
      expect(await next(athar, c.token, queueId)).toBeNull();

      const per = (p: Progress) =>
        Object.fromEntries(
          p.perReviewer.map((r) => [r.userId, [r.submitted, r.inProgress, r.skipped, r.flagged]])
        );
      let progress = (await view(queueId)).progress;
      expect(progress).toMatchObject({
        items: 3,
        slots: 6,
        done: 2,
        inProgress: 2,
        remaining: 2,
        itemsComplete: 1
      });
      expect(per(progress)).toEqual({ [a.id]: [1, 1, 0, 0], [b.id]: [1, 1, 0, 0], [c.id]: [0, 0, 1, 0] });
      expect(progress.perReviewer.find((r) => r.userId === c.id)?.name).toBe('reviewer3');
      expect(progress.throughput.reduce((sum, d) => sum + d.submitted, 0)).toBe(2);
      expect(progress.flags).toEqual([
        expect.objectContaining({
          assignmentId: c1!.id,
          itemId: c1!.itemId,
          status: 'skipped',
          reason: 'Not a body photograph.',
          by: 'reviewer3'
        })
      ]);

      // A lease that has run out is no longer in progress, even before anyone sweeps it.
      await expire(b2!.id);
      progress = (await view(queueId)).progress;
      expect(progress).toMatchObject({ done: 2, inProgress: 1, remaining: 3, itemsComplete: 1 });
      expect(per(progress)[b.id]).toEqual([1, 0, 0, 0]);

      // A flag leaves progress and joins the flags; a submit completes nothing on its own.
      expect((await act(athar, a.token, a2!.id, 'flag', 'Another victim is visible.')).status).toBe(200);
      progress = (await view(queueId)).progress;
      expect(progress).toMatchObject({ done: 2, inProgress: 0, remaining: 4, itemsComplete: 1 });
      expect(per(progress)[a.id]).toEqual([1, 0, 0, 1]);
      expect(progress.flags.map((f) => [f.assignmentId, f.status]).sort()).toEqual(
        [
          [a2!.id, 'flagged'],
          [c1!.id, 'skipped']
        ].sort()
      );

      // Members see the same progress; people outside the queue see no queue at all.
      const asMember = await view(queueId, c);
      expect(asMember.progress).toEqual(progress);
      for (const who of [world.expert, world.outsider, world.observer]) {
        await expectApiError(await call(athar, who.token, `/api/queues/${queueId}`), 404, 'not_found');
        const listed = (await (await call(athar, who.token, '/api/queues')).json()) as Array<{ id: string }>;
        expect(listed.map((q) => q.id)).not.toContain(queueId);
      }
      const mine = (await (await call(athar, c.token, '/api/queues')).json()) as Array<{ id: string }>;
      expect(mine.map((q) => q.id)).toContain(queueId);
    });
  });
}
