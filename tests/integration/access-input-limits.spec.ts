/**
 * Issue 13, points 6 and 7: one documented body limit per endpoint, enforced where it is stated
 * (the adapter's own 512 KiB default no longer undercuts them), a 413 that names the real number,
 * and input that would become a 500 refused at the boundary instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { collectionIdOf, countOf } from '../helpers/db.ts';
import { bearer, call, createClient, expectApiError, rawRequest } from '../helpers/http.ts';
import { flatJpeg } from '../helpers/images.ts';
import { addMember, addPerson, ingestPhotos, type Person } from '../helpers/world.ts';

/** A W3C annotation the import accepts, its notes `notes` long. */
const annotation = (i: number, notes: number) => ({
  '@context': 'http://www.w3.org/ns/anno.jsonld',
  type: 'Annotation',
  motivation: 'describing',
  body: [
    { type: 'TextualBody', value: 'contusion', 'athar:field': 'lesionType' },
    { type: 'TextualBody', value: `${i} ${'n'.repeat(notes)}`, 'athar:field': 'notes' }
  ],
  target: {
    source: 'ignored',
    selector: { type: 'FragmentSelector', value: `xywh=pixel:${i % 200},5,20,20` }
  }
});

for (const dialect of DIALECTS) {
  describe(`body limits and numbers at the boundary (${dialect})`, () => {
    let athar: Instance;
    /** A coordinator and a reviewer of one collection of two photographs. */
    const world = {
      collectionId: '',
      items: [] as string[],
      coordinator: {} as Person,
      reviewer: {} as Person
    };

    beforeAll(async () => {
      athar = await startInstance(dialect);
      world.items = await ingestPhotos(athar, 'Limits', 2);
      world.collectionId = await collectionIdOf(athar, 'Limits');
      world.coordinator = await addPerson(athar, 'coordinator@example.org', 'coordinator');
      world.reviewer = await addPerson(athar, 'reviewer@example.org', 'reviewer');
      for (const who of [world.coordinator, world.reviewer]) await addMember(athar, 'Limits', who.email);
    });
    afterAll(() => athar?.destroy());

    it('takes a 562 KiB annotation import and refuses one over 2 MiB with its limit', async () => {
      const url = `/api/items/${world.items[0]}/annotations`;
      const valid = Array.from({ length: 1000 }, (_, i) => annotation(i, 330));
      const bytes = Buffer.byteLength(JSON.stringify(valid));
      expect(bytes).toBeGreaterThan(562 * 1024);
      const res = await call(athar, world.reviewer.token, url, valid);
      expect(res.status, await res.clone().text()).toBe(201);

      const huge = Array.from({ length: 1000 }, (_, i) => annotation(i, 2200));
      const message = await expectApiError(
        await call(athar, world.reviewer.token, url, huge),
        413,
        'too_large'
      );
      expect(message).toContain(String(2 * 1024 * 1024));
    });

    it('takes a queue of 25,000 item ids', async () => {
      const itemIds = Array.from({ length: 25_000 }, (_, i) => world.items[i % 2]!);
      const res = await call(athar, world.coordinator.token, '/api/queues', {
        collectionId: world.collectionId,
        name: 'Large selection',
        task: 'annotate',
        reviewsPerItem: 1,
        blind: false,
        memberIds: [world.reviewer.id],
        itemIds
      });
      expect(res.status, await res.clone().text()).toBe(201);
    });

    it('refuses an upload whose X-File-Modified is not a time, and stores nothing', async () => {
      const before = await countOf(athar, 'select count(*) as n from items');
      const photo = await flatJpeg(64, 48, { r: 200, g: 10, b: 10 });
      for (const modified of ['1e300', '9007199254740993', '-5', '12.5', 'soon']) {
        const res = await fetch(`${athar.url}/api/collections/${world.collectionId}/uploads`, {
          method: 'POST',
          headers: {
            ...bearer(world.coordinator.token),
            'x-file-name': 'photo.jpg',
            'x-file-modified': modified
          },
          body: new Uint8Array(photo)
        });
        await expectApiError(res, 400, 'bad_request');
      }
      expect(await countOf(athar, 'select count(*) as n from items')).toBe(before);
      // The item API still answers for every item.
      for (const item of world.items)
        expect((await call(athar, world.coordinator.token, `/api/items/${item}`)).status).toBe(200);
    });

    it('answers a form post to the named default action with a 4xx, not a 500', async () => {
      const browser = createClient(athar.url);
      const named = await browser.request('/login?/default', {
        form: { email: world.reviewer.email, password: 'wrong' }
      });
      expect(named.status).toBeGreaterThanOrEqual(400);
      expect(named.status).toBeLessThan(500);
      const bare = await rawRequest(athar, '/login', {
        method: 'POST',
        headers: { origin: athar.url, 'content-type': 'text/plain' },
        body: 'not a form'
      });
      expect(bare.status).toBeGreaterThanOrEqual(400);
      expect(bare.status).toBeLessThan(500);
    });
  });
}
