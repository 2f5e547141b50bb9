/**
 * The access policy's queue rule: a queue is seen and worked only by members who still belong to its
 * collection. Removing a reviewer from the collection takes the queue out of their list, refuses
 * Next and hides the queue, whatever their queue membership says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { query } from '../helpers/db.ts';
import { call, post } from '../helpers/http.ts';
import { createQueue, createReviewWorld, type ReviewWorld } from '../helpers/review-world.ts';

for (const dialect of DIALECTS) {
  describe(`queue access follows the collection (${dialect})`, () => {
    let athar: Instance;
    let world: ReviewWorld;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      world = await createReviewWorld(athar, { items: 2, reviewers: 1 });
    });
    afterAll(() => athar?.destroy());

    it('takes a queue away from a reviewer removed from its collection', async () => {
      const reviewer = world.reviewers[0]!;
      const queueId = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Removal',
        task: 'annotate',
        reviewsPerItem: 1,
        blind: false,
        memberIds: [reviewer.id],
        itemIds: world.items
      });
      const listed = async () =>
        ((await (await call(athar, reviewer.token, '/api/queues')).json()) as Array<{ id: string }>).map(
          (q) => q.id
        );
      expect(await listed()).toContain(queueId);
      expect((await call(athar, reviewer.token, `/api/queues/${queueId}`)).status).toBe(200);

      await query(athar, 'delete from collection_members where user_id = ?', [reviewer.id]);

      expect(await listed()).not.toContain(queueId);
      expect((await call(athar, reviewer.token, `/api/queues/${queueId}`)).status).toBe(404);
      const refused = await post(athar, reviewer.token, `/api/queues/${queueId}/next`);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('forbidden');
      // The queue itself is untouched: its coordinator still sees it.
      expect((await call(athar, world.coordinator.token, `/api/queues/${queueId}`)).status).toBe(200);
    });
  });
}
