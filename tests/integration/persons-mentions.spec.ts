/**
 * Mentions: names marked on a transcribed page (the person's-name mark, the names-mentioned field)
 * become mention rows with their page; the "names not yet in the register" list; linking and
 * unlinking (audited) shows the mention on the person's page; a linked name that leaves the page is
 * kept; access follows the page (another collection's member: 404), observers do not link; a page's
 * detainee number equal to a verified body identifier proposes an identification once linked.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { FIELDS } from '../../src/lib/model/document-schema.ts';
import { query } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, call, expectApiError } from '../helpers/http.ts';
import { createReviewWorld, OTHER_COLLECTION } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';
import { writePage } from '../helpers/transcription.ts';
import { addMember } from '../helpers/world.ts';

/** The projection runs a second after the last edit. */
const WAIT = { timeout: 20_000 };

type Mention = {
  id: string;
  itemId: string;
  source: string;
  text: string;
  present: boolean;
  personId: string | null;
};

for (const dialect of DIALECTS) {
  describe(`persons: mentions (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createReviewWorld(athar, { items: 2, reviewers: 2 }));
    const unlinked = async (token: string) => {
      const res = await api<{ mentions: Mention[] }>(
        suite.athar,
        token,
        'GET',
        `/api/mentions?collection=${suite.world.collectionId}`
      );
      expect(res.status).toBe(200);
      return res.body.mentions;
    };

    it('turns marked names and listed names into mentions, linked by a person and shown on the person page', async () => {
      const { world, athar } = suite;
      const [alice, bob] = world.reviewers as [(typeof world.reviewers)[0], (typeof world.reviewers)[0]];
      const page = world.items[0]!;
      const peer = await suite.join(`item/${page}`, alice);
      writePage(peer.doc, [
        {
          dir: 'rtl',
          runs: ['نقل الموقوف ', { text: 'محمد أحمد الحلبي', marks: ['personName'] }, ' إلى الفرع']
        }
      ]);
      peer.doc.transact(() => {
        const names = new Y.Array<string>();
        names.push(['Khaled Hallaq']);
        peer.doc.getMap(FIELDS).set('namesMentioned', names);
        peer.doc.getMap(FIELDS).set('detaineeNumber', '٧٧١');
      });
      await expect
        .poll(async () => (await unlinked(bob.token)).map((m) => [m.source, m.text]).sort(), WAIT)
        .toEqual([
          ['field', 'Khaled Hallaq'],
          ['mark', 'محمد أحمد الحلبي']
        ]);

      const person = await api<{ id: string }>(athar, bob.token, 'POST', '/api/persons', {
        collectionId: world.collectionId,
        name: 'محمد أحمد الحلبي'
      });
      const mention = (await unlinked(bob.token)).find((m) => m.source === 'mark')!;
      const linked = await api(athar, bob.token, 'POST', `/api/mentions/${mention.id}/link`, {
        personId: person.body.id
      });
      expect(linked.status).toBe(200);
      expect((await unlinked(bob.token)).map((m) => m.text)).toEqual(['Khaled Hallaq']);
      const shown = await api<{ mentions: Mention[] }>(
        athar,
        alice.token,
        'GET',
        `/api/persons/${person.body.id}`
      );
      expect(shown.body.mentions).toMatchObject([
        { id: mention.id, itemId: page, text: 'محمد أحمد الحلبي', present: true }
      ]);
      const audits = await query<{ action: string; actor_id: string }>(
        athar,
        'select action, actor_id from audit_log where target = ?',
        [mention.id]
      );
      expect(audits).toEqual([{ action: 'mention.link', actor_id: bob.id }]);

      // The name leaves the page: the linked mention stays (not present), the unlinked one goes.
      writePage(peer.doc, [{ runs: ['الصفحة بلا أسماء'] }]);
      peer.doc.transact(() =>
        (peer.doc.getMap(FIELDS).get('namesMentioned') as Y.Array<string>).delete(0, 1)
      );
      await expect.poll(async () => (await unlinked(bob.token)).length, WAIT).toBe(0);
      const kept = await api<{ mentions: Mention[] }>(
        athar,
        alice.token,
        'GET',
        `/api/persons/${person.body.id}`
      );
      expect(kept.body.mentions).toMatchObject([{ id: mention.id, present: false }]);

      const unlink = await api(athar, alice.token, 'POST', `/api/mentions/${mention.id}/link`, {
        personId: null
      });
      expect(unlink.status).toBe(200);
      const after = await api<{ mentions: Mention[] }>(
        athar,
        alice.token,
        'GET',
        `/api/persons/${person.body.id}`
      );
      expect(after.body.mentions).toEqual([]);
    });

    it('refuses outsiders, observers, other collections’ persons and hostile input', async () => {
      const { world, athar } = suite;
      const alice = world.reviewers[0]!;
      const peer = await suite.join(`item/${world.items[1]}`, alice);
      writePage(peer.doc, [{ runs: [{ text: 'سليم قباني', marks: ['personName'] }] }]);
      const onPage = async () => (await unlinked(alice.token)).filter((m) => m.itemId === world.items[1]);
      await expect.poll(async () => (await onPage()).length, WAIT).toBe(1);
      const [mention] = await onPage();
      const link = (token: string, json: unknown) =>
        call(athar, token, `/api/mentions/${mention!.id}/link`, json);

      await expectApiError(
        await call(athar, world.outsider.token, `/api/mentions?collection=${world.collectionId}`),
        403,
        'forbidden'
      );
      await expectApiError(await link(world.outsider.token, { personId: null }), 404, 'not_found');
      await expectApiError(await link(world.observer.token, { personId: null }), 403, 'forbidden');
      await expectApiError(await link(alice.token, { personId: 'x' }), 400, 'bad_request');
      await expectApiError(await link(alice.token, 'not json'), 400, 'bad_request');
      // A person of another collection looks like no person at all.
      await addMember(athar, OTHER_COLLECTION, alice.email);
      const foreign = await api<{ id: string }>(athar, alice.token, 'POST', '/api/persons', {
        collectionId: world.otherCollectionId,
        name: 'سليم قباني'
      });
      expect(foreign.status).toBe(201);
      await expectApiError(await link(alice.token, { personId: foreign.body.id }), 404, 'not_found');
      const row = await query<{ person_id: string | null }>(
        athar,
        'select person_id from mentions where id = ?',
        [mention!.id]
      );
      expect(row).toEqual([{ person_id: null }]);
    });
  });
}
