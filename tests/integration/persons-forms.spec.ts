/**
 * The persons capability through its pages, as a browser without JavaScript and as an attacker
 * would use them: a body page proposes an identification for experts and coordinators only (a
 * plain reviewer, a person of another collection and a forged id are refused, said in the reader's
 * language); the person page's forms refuse confirming twice in the reader's language; a reviewer
 * who reviews a page blind finds neither that page's names in the "not yet in the register" list
 * nor that page among a person's mentions.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.ts';
import { api, signIn, type Client } from '../helpers/http.ts';
import { createQueue, createReviewWorld, next } from '../helpers/review-world.ts';
import { useWorld } from '../helpers/suite.ts';
import { writePage } from '../helpers/transcription.ts';

/** The projection runs a second after the last edit. */
const WAIT = { timeout: 20_000 };

type Mention = { id: string; itemId: string; text: string };

for (const dialect of DIALECTS) {
  describe(`persons: pages and forms (${dialect})`, () => {
    const suite = useWorld(dialect, async (athar) => {
      const world = await createReviewWorld(athar, { items: 3, reviewers: 1 });
      const body = await api<{ id: string }>(athar, world.expert.token, 'POST', '/api/bodies', {
        collectionId: world.collectionId,
        itemIds: [world.items[0]],
        identifiers: [{ kind: 'detainee', value: '4-410' }]
      });
      const person = (token: string, collectionId: string, name: string) =>
        api<{ id: string }>(athar, token, 'POST', '/api/persons', { collectionId, name });
      const personId = (await person(world.expert.token, world.collectionId, 'سامي نبيل الحوراني')).body.id;
      const foreignPersonId = (await person(world.admin.token, world.otherCollectionId, 'سامي نبيل الحوراني'))
        .body.id;
      return { ...world, bodyId: body.body.id, personId, foreignPersonId };
    });
    const inArabic = (client: Client) => {
      client.cookies.set('athar_lang', 'ar');
      return client;
    };
    const propose = (client: Client, personId: string, bodyId = suite.world.bodyId) =>
      client.request(`/bodies/${bodyId}?/propose`, { form: { personId } });

    it('proposes from the body page for experts only, refusing in the reader’s language', async () => {
      const { world, athar } = suite;
      const expert = await signIn(athar, world.expert.email);
      const page = await expert.request(
        `/bodies/${world.bodyId}?person=${encodeURIComponent('Sami Nabil Hourani')}`
      );
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(`data-candidate="${world.personId}"`);

      const reviewer = inArabic(await signIn(athar, world.reviewers[0]!.email));
      const refused = await propose(reviewer, world.personId);
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('لا يقترح التعرّف هنا إلا خبراء الطب الشرعي والمنسّقون.');
      const foreign = await propose(expert, world.foreignPersonId);
      expect(foreign.status).toBe(404);
      expect(await foreign.text()).toContain('No such person.');
      const forged = await propose(expert, 'not-an-id');
      expect(forged.status).toBe(400);
      expect(await forged.text()).toContain('Check the field “Name of the person”');
      const elsewhere = await propose(expert, world.personId, 'a'.repeat(24));
      expect(elsewhere.status).toBe(404);

      const made = await propose(expert, world.personId);
      expect(made.status).toBe(200);
      expect(await made.text()).toContain('Proposed: two experts or coordinators must now confirm it');
      const twice = await propose(inArabic(expert), world.personId);
      expect(twice.status).toBe(409);
      expect(await twice.text()).toContain('لهذه الجثة وهذا الشخص تعرّف مقترح من قبل.');
      const shown = await api<{ identifications: Array<{ id: string; bodyId: string; status: string }> }>(
        athar,
        world.coordinator.token,
        'GET',
        `/api/persons/${world.personId}`
      );
      expect(shown.body.identifications).toMatchObject([{ bodyId: world.bodyId, status: 'proposed' }]);

      // Confirming twice through the person page's form: refused, in Arabic.
      const id = shown.body.identifications[0]!.id;
      const confirm = (client: Client) =>
        client.request(`/persons/${world.personId}?/confirm`, { form: { identificationId: id } });
      expect((await confirm(expert)).status).toBe(200);
      const again = await confirm(expert);
      expect(again.status).toBe(409);
      expect(await again.text()).toContain('لقد أكّدت هذا التعرّف من قبل');
      const byReviewer = await confirm(reviewer);
      expect(byReviewer.status).toBe(403);
      expect(await byReviewer.text()).toContain('لا يؤكّد التعرّف إلا خبراء الطب الشرعي والمنسّقون.');
    });

    it('hides the names of a page from whoever reviews it blind', async () => {
      const { world, athar } = suite;
      const reviewer = world.reviewers[0]!;
      const page = world.items[2]!;
      const peer = await suite.join(`item/${page}`, world.coordinator);
      writePage(peer.doc, [{ dir: 'rtl', runs: [{ text: 'وائل منذر الزعبي', marks: ['personName'] }] }]);
      const unlinked = async (token: string) =>
        (
          await api<{ mentions: Mention[] }>(
            athar,
            token,
            'GET',
            `/api/mentions?collection=${world.collectionId}`
          )
        ).body.mentions.map((m) => m.text);
      await expect.poll(() => unlinked(reviewer.token), WAIT).toContain('وائل منذر الزعبي');
      const mention = (
        await api<{ mentions: Mention[] }>(
          athar,
          world.coordinator.token,
          'GET',
          `/api/mentions?collection=${world.collectionId}`
        )
      ).body.mentions.find((m) => m.itemId === page)!;
      const linked = await api(athar, world.coordinator.token, 'POST', `/api/mentions/${mention.id}/link`, {
        personId: world.personId
      });
      expect(linked.status).toBe(200);
      writePage(peer.doc, [
        {
          dir: 'rtl',
          runs: [
            { text: 'وائل منذر الزعبي', marks: ['personName'] },
            ' و ',
            { text: 'باسل عماد', marks: ['personName'] }
          ]
        }
      ]);
      await expect.poll(() => unlinked(reviewer.token), WAIT).toContain('باسل عماد');

      const queueId = await createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: 'blind',
        task: 'annotate',
        reviewsPerItem: 1,
        blind: true,
        memberIds: [reviewer.id],
        itemIds: [page]
      });
      expect((await next(athar, reviewer.token, queueId))?.itemId).toBe(page);

      expect(await unlinked(reviewer.token)).not.toContain('باسل عماد');
      expect(await unlinked(world.coordinator.token)).toContain('باسل عماد');
      const mentionsSeenBy = async (token: string) =>
        (await api<{ mentions: Mention[] }>(athar, token, 'GET', `/api/persons/${world.personId}`)).body
          .mentions;
      expect(await mentionsSeenBy(reviewer.token)).toEqual([]);
      expect((await mentionsSeenBy(world.coordinator.token)).map((m) => m.itemId)).toEqual([page]);
      const client = await signIn(athar, reviewer.email);
      const list = await client.request(`/collections/${world.collectionId}/persons/mentions`);
      expect(list.status).toBe(200);
      expect(await list.text()).not.toContain('باسل عماد');
    });
  });
}
