import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { openDb, type TestDb } from '../helpers/db.ts';
import {
  bearer,
  type Client,
  clientWithCookie,
  createClient,
  expectApiError,
  me,
  PASSWORD,
  SESSION_COOKIE,
  signIn
} from '../helpers/http.ts';
import { addUser, createToken } from '../helpers/world.ts';

type TokenInfo = {
  id: string;
  label: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
};

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function randomBase32(length: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(length)), (b) => BASE32.charAt(b % 32)).join('');
}

for (const dialect of DIALECTS) {
  describe(`personal API tokens (${dialect})`, () => {
    let athar: Instance;
    let db: TestDb;
    let ivy: Client;
    let cliToken: string;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      await addUser(athar, 'ivy@example.org', { name: 'Ivy', role: 'coordinator' });
      await addUser(athar, 'jon@example.org', { name: 'Jon', role: 'observer' });
      cliToken = await createToken(athar, 'ivy@example.org');
      ivy = await signIn(athar, 'ivy@example.org');
      db = await openDb(athar);
    });
    afterAll(async () => {
      await db?.close();
      await athar?.destroy();
    });

    const anonymous = () => createClient(athar.url);

    async function listTokens(client: Client, headers: Record<string, string> = {}): Promise<TokenInfo[]> {
      const res = await client.request('/api/tokens', { headers });
      expect(res.status).toBe(200);
      return (await res.json()) as TokenInfo[];
    }

    it('accepts a token from the CLI as a Bearer token, and records its use', async () => {
      const res = await me(anonymous(), bearer(cliToken));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ email: 'ivy@example.org', role: 'coordinator' });
      expect((await me(anonymous(), { authorization: `bearer ${cliToken}` })).status).toBe(200);
      const [listed] = await listTokens(ivy);
      expect(listed).toMatchObject({ label: 'cli', revokedAt: null });
      expect(listed?.lastUsedAt).toEqual(expect.any(Number));
    });

    it('creates a token once (201), lists tokens without their secrets, and stores only a hash', async () => {
      const res = await ivy.request('/api/tokens', {
        json: { label: '  laptop script  ', password: PASSWORD }
      });
      expect(res.status).toBe(201);
      const created = (await res.json()) as TokenInfo & { token: string };
      expect(created).toEqual({
        token: expect.stringMatching(/^athar_[a-z2-7]{32}$/),
        id: expect.stringMatching(/^[a-z2-7]{24}$/),
        label: 'laptop script',
        createdAt: expect.any(Number),
        lastUsedAt: null,
        revokedAt: null
      });
      expect((await me(anonymous(), bearer(created.token))).status).toBe(200);

      const listRes = await ivy.request('/api/tokens');
      const text = await listRes.text();
      expect(text).not.toContain(created.token);
      expect(text).not.toContain(cliToken);
      expect(text).not.toMatch(/athar_/);
      const list = JSON.parse(text) as TokenInfo[];
      expect(list.map((t) => t.label).sort()).toEqual(['cli', 'laptop script']);
      for (const t of list)
        expect(Object.keys(t).sort()).toEqual(['createdAt', 'id', 'label', 'lastUsedAt', 'revokedAt']);

      const rows = await db.query<Record<string, unknown>>('select * from api_tokens');
      const stored = JSON.stringify(rows);
      expect(stored).not.toContain(created.token);
      expect(stored).not.toContain(cliToken);
      // Only this user's tokens are listed.
      const jon = await signIn(athar, 'jon@example.org');
      expect(await listTokens(jon)).toEqual([]);
    });

    it('revokes a token with DELETE /api/tokens/:id: it is refused from then on', async () => {
      const res = await ivy.request('/api/tokens', { json: { label: 'to revoke', password: PASSWORD } });
      const { token, id } = (await res.json()) as { token: string; id: string };
      expect((await me(anonymous(), bearer(token))).status).toBe(200);

      expect((await ivy.request(`/api/tokens/${id}`, { method: 'DELETE' })).status).toBe(204);
      await expectApiError(await me(anonymous(), bearer(token)), 401, 'unauthorized');
      const revoked = (await listTokens(ivy)).find((t) => t.id === id);
      expect(revoked?.revokedAt).toEqual(expect.any(Number));
      await expectApiError(await ivy.request(`/api/tokens/${id}`, { method: 'DELETE' }), 404, 'not_found');
      // A token can revoke itself, too.
      const self = (await (
        await ivy.request('/api/tokens', { json: { label: 'self', password: PASSWORD } })
      ).json()) as {
        token: string;
        id: string;
      };
      const gone = await anonymous().request(`/api/tokens/${self.id}`, {
        method: 'DELETE',
        headers: bearer(self.token)
      });
      expect(gone.status).toBe(204);
      await expectApiError(await me(anonymous(), bearer(self.token)), 401, 'unauthorized');
    });

    it("does not let one user revoke another user's token", async () => {
      const res = await ivy.request('/api/tokens', { json: { label: 'mine', password: PASSWORD } });
      const { token, id } = (await res.json()) as { token: string; id: string };
      const jon = await signIn(athar, 'jon@example.org');
      await expectApiError(await jon.request(`/api/tokens/${id}`, { method: 'DELETE' }), 404, 'not_found');
      expect((await me(anonymous(), bearer(token))).status).toBe(200);
    });

    it('refuses forged, garbage and empty Bearer tokens with 401', async () => {
      const bad = [
        `Bearer athar_${randomBase32(32)}`,
        `Bearer athar_${randomBase32(31)}`,
        `Bearer ${cliToken.toUpperCase()}`,
        `Bearer ${cliToken} extra`,
        `Bearer ${cliToken}x`,
        'Bearer garbage',
        'Bearer',
        'Bearer ',
        `Bearer ${'a'.repeat(10 * 1024)}`,
        "Bearer ' OR 1=1 --",
        'Bearer athar_%00',
        `Basic ${Buffer.from('ivy@example.org:password').toString('base64')}`,
        cliToken,
        `Token ${cliToken}`,
        ''
      ];
      for (const authorization of bad) {
        const res = await me(anonymous(), { authorization });
        const message = await expectApiError(res, 401, 'unauthorized');
        expect(message, authorization.slice(0, 40)).toBeTruthy();
      }
      // A session cookie is not a token, nor a token a session cookie.
      await expectApiError(
        await me(anonymous(), bearer(ivy.cookies.get(SESSION_COOKIE)!)),
        401,
        'unauthorized'
      );
      await expectApiError(await me(clientWithCookie(athar, cliToken)), 401, 'unauthorized');
      expect((await anonymous().request('/healthz')).status).toBe(200);
    });

    it('ignores the session cookie whenever an Authorization header is present', async () => {
      for (const authorization of [
        'Bearer forged',
        `Bearer athar_${randomBase32(32)}`,
        'Basic Zm9vOmJhcg=='
      ]) {
        await expectApiError(await me(ivy, { authorization }), 401, 'unauthorized');
        const page = await ivy.request('/account', { headers: { authorization } });
        expect(page.status).toBe(303);
        expect(page.headers.get('location')).toMatch(/^\/login\b/);
      }
      // The cookie is still good on its own; a valid token wins over it.
      expect((await me(ivy)).status).toBe(200);
      const jonToken = await createToken(athar, 'jon@example.org');
      const who = await me(ivy, bearer(jonToken));
      expect(((await who.json()) as { email: string }).email).toBe('jon@example.org');
    });

    it('refuses bad labels and bad ids with a 4xx and creates or revokes nothing', async () => {
      const before = await db.query('select * from api_tokens order by id');
      const labels: unknown[] = [
        undefined,
        '',
        '   ',
        'x'.repeat(101),
        'x'.repeat(10 * 1024),
        'nul\u0000byte',
        'line\nbreak',
        42,
        ['a'],
        { $gt: '' },
        null
      ];
      for (const label of labels) {
        const res = await ivy.request('/api/tokens', { json: label === undefined ? {} : { label } });
        await expectApiError(res, 400, 'bad_request');
      }
      for (const body of ['label=x', '{"label":', '']) {
        const res = await ivy.request('/api/tokens', {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' }
        });
        await expectApiError(res, 400, 'bad_request');
      }
      for (const id of ["' OR 1=1 --", 'x'.repeat(10 * 1024), '\u0000', '*', 'ü']) {
        const res = await ivy.request(`/api/tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
        await expectApiError(res, 404, 'not_found');
      }
      expect(await db.query('select * from api_tokens order by id')).toEqual(before);
      expect((await me(anonymous(), bearer(cliToken))).status).toBe(200);
    });
  });
}
