/**
 * Blindness around the shared layer: a reviewer holding an active blind assignment on an item
 * cannot open that item's shared layer (its page, its annotations API, its socket; a socket they
 * held open is dropped when they claim) until the assignment is submitted; and a blind queue over
 * items that already have shared findings is created only once the coordinator confirms.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.ts';
import { authHeaders, serverClose, upgradeStatus } from '../helpers/collab.ts';
import { annotate } from '../helpers/collab-world.ts';
import { query } from '../helpers/db.ts';
import { call, expectApiError, get } from '../helpers/http.ts';
import {
  act,
  type Assignment,
  createQueue,
  createReviewWorld,
  next,
  type Person
} from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';

for (const dialect of DIALECTS) {
  describe(`the shared layer during a blind review (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 3, reviewers: 3 }));
    let queues = 0;
    const queueBody = (members: Person[], items: string[], extra: Record<string, unknown> = {}) => ({
      collectionId: suite.world.collectionId,
      name: `Blind ${++queues}`,
      task: 'annotate',
      reviewsPerItem: 2,
      blind: true,
      memberIds: members.map((m) => m.id),
      itemIds: items,
      ...extra
    });
    const socket = (itemId: string, who: Person) =>
      upgradeStatus(suite.athar, `/collab/item/${itemId}`, authHeaders({ token: who.token }));

    it('closes the item page, its annotations and its room to a blind reviewer until they submit', async () => {
      const { athar, world } = suite;
      const [a, , c] = world.reviewers as [Person, Person, Person];
      const item = world.items[0]!;
      // Before any claim, the reviewer has the shared layer open; the claim drops that socket.
      const open = await suite.join(`item/${item}`, a);
      const queueId = await createQueue(athar, world.coordinator.token, queueBody([a, c], [item]));
      const mine = (await next(athar, a.token, queueId)) as Assignment;
      expect(mine.itemId).toBe(item);
      expect((await serverClose(open)).code).toBe(4403);

      const page = await get(athar, `/items/${item}`, a.token);
      expect(page.status).toBe(403);
      expect(await page.text()).toContain('submit your review');
      const message = await expectApiError(
        await call(athar, a.token, `/api/items/${item}/annotations`),
        403,
        'forbidden'
      );
      expect(message).toContain('reviewing this item blind');
      expect(await socket(item, a)).toBe(403);
      // The image itself stays open to them (they review it), and so does their own blind layer.
      expect((await get(athar, `/api/items/${item}`, a.token)).status).toBe(200);
      expect(await upgradeStatus(athar, `/collab/${mine.room}`, authHeaders({ token: a.token }))).toBe(101);
      // A member without a blind assignment on the item is not affected.
      expect((await get(athar, `/items/${item}`, c.token)).status).toBe(200);
      expect(await socket(item, c)).toBe(101);

      expect((await act(athar, a.token, mine.id, 'submit')).status).toBe(200);
      expect((await get(athar, `/items/${item}`, a.token)).status).toBe(200);
      expect((await call(athar, a.token, `/api/items/${item}/annotations`)).status).toBe(200);
      expect(await socket(item, a)).toBe(101);
    });

    it('asks the coordinator to confirm a blind queue whose items already have shared findings', async () => {
      const { athar, world } = suite;
      const [a, b] = world.reviewers as [Person, Person];
      const [, withFindings, without] = world.items as [string, string, string];
      const writer = await suite.join(`item/${withFindings}`, world.expert);
      annotate(writer.doc, 'shared-finding', world.expert.id);
      await expect
        .poll(
          async () => {
            const [row] = await query<{ n: unknown }>(
              athar,
              'select annotation_count as n from items where id = ?',
              [withFindings]
            );
            return Number(row?.n);
          },
          { timeout: 15_000, interval: 50 }
        )
        .toBe(1);

      const refused = await call(
        athar,
        world.coordinator.token,
        '/api/queues',
        queueBody([a, b], [withFindings, without])
      );
      const message = await expectApiError(refused, 409, 'conflict');
      expect(message).toContain('1 of the items already have findings on the shared layer');
      expect(Number((await query<{ n: unknown }>(athar, 'select count(*) as n from queues'))[0]?.n)).toBe(
        queues - 1
      );
      // Items without shared findings need no confirmation, and a shared (not blind) queue neither.
      await createQueue(athar, world.coordinator.token, queueBody([a, b], [without]));
      await createQueue(athar, world.coordinator.token, queueBody([a, b], [withFindings], { blind: false }));
      // Confirmed: created, and the audit row says what the coordinator was told.
      const id = await createQueue(
        athar,
        world.coordinator.token,
        queueBody([a, b], [withFindings, without], { sharedFindingsConfirmed: true })
      );
      const [row] = await query<{ details: string }>(
        athar,
        "select details from audit_log where action = 'queue.create' and target = ?",
        [id]
      );
      expect(JSON.parse(row!.details)).toMatchObject({ blind: true, sharedFindings: 1 });
    });
  });
}
