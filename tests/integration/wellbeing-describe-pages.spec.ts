/**
 * Describe once in the pages (wellbeing/description-view.ts): the blind work page and the body page
 * carry neither a colleague's description nor who wrote it to a second reviewer who has not
 * submitted (page HTML and `__data.json` alike), only that one exists; after the submit they do.
 * Observers read a description and are offered no form.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, call } from '../helpers/http.ts';
import { act, createQueue, createReviewWorld, next } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';

const SECRET = 'Generated marks on the left shoulder';
const TEXT = { visible: SECRET, location: 'upper left', severity: 3 };

for (const dialect of DIALECTS) {
  describe(`wellbeing: describe once in the pages (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 2, reviewers: 2 }));
    const page = async (token: string, path: string) => {
      const [html, data] = await Promise.all([
        call(suite.athar, token, path),
        call(suite.athar, token, `${path}/__data.json`)
      ]);
      expect(html.status).toBe(200);
      expect(data.status).toBe(200);
      return { html: await html.text(), data: await data.text() };
    };

    it('a blind second reviewer’s work and body pages hold no description until they submit', async () => {
      const { world, athar } = suite;
      const [a, b] = world.reviewers as [(typeof world.reviewers)[0], (typeof world.reviewers)[0]];
      const queueId = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Blind described',
        task: 'annotate',
        reviewsPerItem: 2,
        blind: true,
        memberIds: [a.id, b.id],
        itemIds: [world.items[0]!]
      });
      const first = (await next(athar, a.token, queueId))!;
      expect((await call(athar, a.token, `/api/items/${first.itemId}/description`, TEXT, 'PUT')).status).toBe(
        200
      );
      const body = await api<{ id: string }>(athar, world.coordinator.token, 'POST', '/api/bodies', {
        collectionId: world.collectionId,
        itemIds: [first.itemId]
      });
      const bodyText = { ...TEXT, visible: `${SECRET} (body)` };
      expect(
        (
          await call(
            athar,
            world.coordinator.token,
            `/api/bodies/${body.body.id}/description`,
            bodyText,
            'PUT'
          )
        ).status
      ).toBe(200);

      const second = (await next(athar, b.token, queueId))!;
      const work = `/queues/${queueId}/work/${second.id}`;
      for (const path of [work, `/bodies/${body.body.id}`]) {
        const seen = await page(b.token, path);
        for (const text of [seen.html, seen.data]) {
          expect(text).not.toContain(SECRET);
          // Who wrote it: the page lists the collection's members by id anyway, so look for the field.
          expect(text).not.toContain('authorId');
          expect(text).not.toContain('upper left');
          // Nor whether colleagues found something on its photos.
          expect(text).not.toContain('annotationCount');
        }
        expect(seen.data).toContain('"hidden"');
      }
      expect((await page(b.token, work)).html).toContain('data-testid="description-hidden"');

      expect((await act(athar, b.token, second.id, 'submit')).status).toBe(200);
      expect((await page(b.token, work)).data).toContain(SECRET);
      expect((await page(b.token, `/bodies/${body.body.id}`)).data).toContain(`${SECRET} (body)`);
    });

    it('an observer reads the description in the viewer and is offered no form', async () => {
      const { world } = suite;
      const item = world.items[1]!;
      const path = `/api/items/${item}/description`;
      expect((await call(suite.athar, world.reviewers[0]!.token, path, TEXT, 'PUT')).status).toBe(200);
      const seen = await page(world.observer.token, `/items/${item}`);
      expect(seen.html).toContain(SECRET);
      expect(seen.html).not.toContain('data-testid="describe-open"');
      expect((await page(world.reviewers[1]!.token, `/items/${item}`)).html).toContain(
        'data-testid="describe-open"'
      );
    });
  });
}
