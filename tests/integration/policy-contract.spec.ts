/**
 * The one error contract and the one authenticator: every API error, SvelteKit's own 405, 413 and
 * 500 included, is `{ error: { code, message } }`; the upload endpoint refuses a session that still
 * owes its second factor, like every other write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { collectionIdOf, countOf, query } from '../helpers/db.ts';
import { PASSWORD, createClient } from '../helpers/http.ts';
import { colourOf, flatJpeg } from '../helpers/images.ts';
import { addMember, addPerson, type Person } from '../helpers/world.ts';

async function expectContract(res: Response, status: number, code: string, message?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = (await res.json()) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toEqual({ code, message: message ?? expect.any(String) });
}

for (const dialect of DIALECTS) {
  describe(`the error contract and the raw-request authenticator (${dialect})`, () => {
    let athar: Instance;
    let collectionId: string;
    let coordinator: Person;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      expect((await athar.cli(['collection', 'create', 'Contract'])).code).toBe(0);
      collectionId = await collectionIdOf(athar, 'Contract');
      coordinator = await addPerson(athar, 'coordinator@example.org', 'coordinator');
      await addMember(athar, 'Contract', 'coordinator@example.org');
    });
    afterAll(() => athar?.destroy());

    it('answers a method a route does not have with 405 method_not_allowed, here and outside SvelteKit', async () => {
      const auth = { authorization: `Bearer ${coordinator.token}` };
      await expectContract(
        await fetch(`${athar.url}/api/tokens`, { method: 'PUT', headers: auth }),
        405,
        'method_not_allowed'
      );
      await expectContract(
        await fetch(`${athar.url}/api/collections/${collectionId}/uploads`, { headers: auth }),
        405,
        'method_not_allowed'
      );
    });

    it('answers a body over the endpoint limit with 413 too_large, naming the limit', async () => {
      const res = await fetch(`${athar.url}/api/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${coordinator.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ label: 'x'.repeat(70_000) })
      });
      await expectContract(res, 413, 'too_large', 'The body is larger than 65536 bytes.');
      expect(await countOf(athar, 'select count(*) as n from api_tokens')).toBe(1);
    });

    it('answers an unexpected failure with 500 internal and no detail', async () => {
      const photo = await flatJpeg(300, 200, colourOf(3));
      const uploaded = await fetch(`${athar.url}/api/collections/${collectionId}/uploads`, {
        method: 'POST',
        body: new Uint8Array(photo),
        headers: { authorization: `Bearer ${coordinator.token}`, 'x-file-name': 'broken.jpg' }
      });
      expect(uploaded.status).toBe(201);
      const { itemId } = (await uploaded.json()) as { itemId: string };
      await expect
        .poll(async () => {
          const [row] = await query<{ status: string }>(athar, 'select status from items where id = ?', [
            itemId
          ]);
          return row?.status;
        })
        .toBe('ready');
      // A row the code cannot read (as after a bad migration): the failure must not leak.
      await query(athar, 'update items set exif = ? where id = ?', ['{not json', itemId]);
      const res = await fetch(`${athar.url}/api/items/${itemId}`, {
        headers: { authorization: `Bearer ${coordinator.token}` }
      });
      await expectContract(res, 500, 'internal', 'Internal error');
    });

    it('refuses an upload from a session that still owes its second factor (401), storing nothing', async () => {
      await query(athar, 'update users set totp_key = ? where id = ?', ['ab'.repeat(20), coordinator.id]);
      const browser = createClient(athar.url);
      const signIn = await browser.request('/api/session', {
        json: { email: 'coordinator@example.org', password: PASSWORD }
      });
      expect(await signIn.json()).toEqual({ secondFactorRequired: true });
      const before = await countOf(athar, 'select count(*) as n from items');
      const res = await browser.request(`/api/collections/${collectionId}/uploads`, {
        method: 'POST',
        body: new Uint8Array(await flatJpeg(300, 200, colourOf(5))),
        headers: { 'x-file-name': 'owed.jpg' }
      });
      await expectContract(res, 401, 'unauthorized', 'Complete the second factor first.');
      expect(await countOf(athar, 'select count(*) as n from items')).toBe(before);
    });
  });
}
