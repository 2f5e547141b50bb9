/**
 * A blind queue's dossier: each reviewer's submitted layer is in the bag once the item has all its
 * reviews (never before: a reviewer still at work would be unblinded), beside the shared layer;
 * the coordinator exports it, through the API and the CLI; nobody outside the collection does.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { annotate, docOf, storedWhere } from '../helpers/collab-world.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { download, unzip } from '../helpers/dossier.ts';
import { expectApiError } from '../helpers/http.ts';
import { removeDir, tempDir } from '../helpers/images.ts';
import { act, createQueue, createReviewWorld, next } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';
import { annotationsOf } from '../../src/lib/model/document-schema.ts';

const listing = (zip: string, dir: string) => {
  const bag = unzip(zip, dir);
  const reviews = path.join(bag, 'data', 'annotations');
  return (fs.readdirSync(reviews, { recursive: true }) as string[])
    .filter((f) => f.includes('review-'))
    .sort();
};

for (const dialect of DIALECTS) {
  describe(`queue dossier with blind reviews (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 1, reviewers: 2 }));
    const dir = tempDir('athar-dossier-queue-');
    afterAll(() => removeDir(dir));

    it('holds the submitted blind layers once the item has all its reviews', async () => {
      const { athar, world } = suite;
      const [a, b] = world.reviewers as [(typeof world.reviewers)[0], (typeof world.reviewers)[0]];
      const queueId = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'Blind dossier queue',
        task: 'annotate',
        reviewsPerItem: 2,
        blind: true,
        memberIds: [a.id, b.id]
      });
      const mine = (await next(athar, a.token, queueId))!;
      const theirs = (await next(athar, b.token, queueId))!;
      for (const [who, assignment] of [
        [a, mine],
        [b, theirs]
      ] as const) {
        const peer = await suite.join(assignment.room, who);
        annotate(peer.doc, `finding-of-${who.id}`, who.id);
        await storedWhere(
          athar,
          assignment.room,
          'the finding stored',
          (u) => annotationsOf(docOf(u)).size === 1
        );
      }
      expect((await act(athar, a.token, mine.id, 'submit')).status).toBe(200);

      // One review in: the coordinator's dossier holds no blind layer yet.
      const early = path.join(dir, 'early.zip');
      expect(
        (await download(athar, `/api/queues/${queueId}/dossier`, world.coordinator.token, early)).status
      ).toBe(200);
      expect(listing(early, dir)).toEqual([]);

      expect((await athar.cli(['dossier', 'verify', early])).code).toBe(0);

      expect((await act(athar, b.token, theirs.id, 'submit')).status).toBe(200);
      const done = path.join(dir, 'done.zip');
      expect(
        (await download(athar, `/api/queues/${queueId}/dossier`, world.coordinator.token, done)).status
      ).toBe(200);
      expect((await athar.cli(['dossier', 'verify', done])).code).toBe(0);
      const item = world.items[0]!;
      expect(listing(done, dir)).toEqual(
        [`${item}/review-${mine.id}.jsonld`, `${item}/review-${theirs.id}.jsonld`].sort()
      );
      const cli = path.join(dir, 'cli.zip');
      expect((await athar.cli(['dossier', 'export', '--queue', queueId, '--out', cli])).code).toBe(0);
      expect((await athar.cli(['dossier', 'verify', cli])).code).toBe(0);

      await expectApiError(
        await download(
          athar,
          `/api/queues/${queueId}/dossier`,
          world.outsider.token,
          path.join(dir, 'no.zip')
        ),
        403,
        'forbidden'
      );
    });
  });
}
