/**
 * Issue 13, point 1: assignments follow the collection. A reviewer who no longer belongs to the
 * queue's collection cannot submit, skip, flag, release or renew; an admin removing a member from
 * the collection ends their active assignments there (the item goes back to the pool, audited).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { query } from '../helpers/db.ts';
import { expectApiError, signIn } from '../helpers/http.ts';
import {
  act,
  assignmentRow,
  createQueue,
  createReviewWorld,
  next,
  type ReviewWorld
} from '../helpers/review-world.ts';

for (const dialect of DIALECTS) {
  describe(`assignments follow the collection (${dialect})`, () => {
    let athar: Instance;
    let world: ReviewWorld;
    let queueId: string;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      world = await createReviewWorld(athar, { items: 2, reviewers: 3 });
      queueId = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Removal',
        task: 'annotate',
        reviewsPerItem: 1,
        blind: false,
        memberIds: world.reviewers.map((r) => r.id),
        itemIds: world.items
      });
    });
    afterAll(() => athar?.destroy());

    it('refuses every action on an assignment once its reviewer left the collection', async () => {
      const reviewer = world.reviewers[0]!;
      const assignment = (await next(athar, reviewer.token, queueId))!;
      await query(athar, 'delete from collection_members where user_id = ?', [reviewer.id]);

      for (const [action, reason] of [
        ['submit', undefined],
        ['skip', 'unclear'],
        ['flag', 'wrong item'],
        ['release', undefined],
        ['renew', undefined]
      ] as const)
        await expectApiError(
          await act(athar, reviewer.token, assignment.id, action, reason),
          403,
          'forbidden'
        );
      expect((await assignmentRow(athar, assignment.id)).status).toBe('active');
    });

    it('ends the live assignments of a member an admin removes, and audits it', async () => {
      const [, removed, other] = world.reviewers;
      const assignment = (await next(athar, removed!.token, queueId))!;
      const admin = await signIn(athar, world.admin.email);
      const res = await admin.request(`/admin/collections/${world.collectionId}?/remove`, {
        form: { userId: removed!.id }
      });
      expect(res.status).toBe(200);

      const row = await assignmentRow(athar, assignment.id);
      expect(row).toMatchObject({ status: 'released', reason: 'removed from the collection' });
      await expectApiError(await act(athar, removed!.token, assignment.id, 'submit'), 403, 'forbidden');
      const [audited] = await query<{ details: string }>(
        athar,
        "select details from audit_log where action = 'membership.remove' order by seq desc"
      );
      expect(JSON.parse(audited!.details)).toEqual({
        userId: removed!.id,
        endedAssignments: [assignment.id]
      });
      // The item is back in the pool: the next reviewer gets it.
      expect((await next(athar, other!.token, queueId))?.itemId).toBe(assignment.itemId);
    });
  });
}
