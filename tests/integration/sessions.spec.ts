import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { openDb, sessionIdOf, type TestDb } from '../helpers/db.ts';
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

const DAY = 24 * 60 * 60 * 1000;

/** A refused session: 401 in the API's error shape, and the cookie is cleared. */
async function expectRefusedOnApi(client: Client): Promise<void> {
  const res = await me(client);
  await expectApiError(res, 401, 'unauthorized');
  const cleared = res.headers.getSetCookie().find((l) => l.startsWith(`${SESSION_COOKIE}=`));
  expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
}

/** A refused session on a page: 303 to sign-in, coming back to the page afterwards. */
async function expectSentToLogin(client: Client, path = '/account'): Promise<void> {
  const res = await client.request(path);
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(path)}`);
}

for (const dialect of DIALECTS) {
  describe(`sessions (${dialect})`, () => {
    let athar: Instance;
    let db: TestDb;
    let admin: Client;
    let hankId: string;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      await addUser(athar, 'alice@example.org', { name: 'Alice', role: 'admin' });
      hankId = await addUser(athar, 'hank@example.org', { name: 'Hank', role: 'reviewer' });
      admin = await signIn(athar, 'alice@example.org');
      db = await openDb(athar);
    });
    afterAll(async () => {
      await db?.close();
      await athar?.destroy();
    });

    async function setSessionTimes(client: Client, times: { created_at?: number; expires_at: number }) {
      const id = await sessionIdOf(client.cookies.get(SESSION_COOKIE)!);
      const sets = Object.keys(times).map((k) => `${k} = ?`);
      await db.query(`update sessions set ${sets.join(', ')} where id = ?`, [...Object.values(times), id]);
      return id;
    }

    it('refuses garbage session cookies with 401 on the API and a redirect on pages', async () => {
      const garbage = [
        '',
        'x',
        'a'.repeat(10 * 1024),
        "' OR 1=1 --",
        "'%20OR%201%3D1%20--",
        '%D8%A3%D8%AB%D8%B1%20%F0%9F%94%8D',
        Buffer.from('أثر 🔍 ١٢٣', 'utf8').toString('latin1'),
        'A'.repeat(32),
        'abcdefghijklmnopqrstuvwxyz234567'.replace('a', '0'),
        'abcdefghijklmnopqrstuvwxyz234567\\',
        '%00%00%00'
      ];
      for (const value of garbage) {
        const client = clientWithCookie(athar, value);
        await expectApiError(await me(client), 401, 'unauthorized');
        await expectSentToLogin(clientWithCookie(athar, value));
      }
      expect((await createClient(athar.url).request('/healthz')).status).toBe(200);
    });

    it('refuses a well-formed but forged session token', async () => {
      const forged = Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) =>
        'abcdefghijklmnopqrstuvwxyz234567'.charAt(b % 32)
      ).join('');
      await expectRefusedOnApi(clientWithCookie(athar, forged));
      await expectSentToLogin(clientWithCookie(athar, forged));
    });

    it('refuses an expired session and deletes it', async () => {
      const client = await signIn(athar, 'hank@example.org');
      expect((await me(client)).status).toBe(200);
      const token = client.cookies.get(SESSION_COOKIE)!;
      const id = await setSessionTimes(client, { expires_at: Date.now() - 1000 });
      await expectRefusedOnApi(clientWithCookie(athar, token));
      expect(await db.query('select id from sessions where id = ?', [id])).toEqual([]);
      await expectSentToLogin(clientWithCookie(athar, token), '/');
    });

    it('slides a session forward when it is used, but never past 90 days from sign-in', async () => {
      const client = await signIn(athar, 'hank@example.org');
      const now = Date.now();
      const id = await setSessionTimes(client, { created_at: now - 29 * DAY, expires_at: now + DAY });
      const res = await me(client);
      expect(res.status).toBe(200);
      const [renewed] = await db.query<{ expires_at: unknown }>(
        'select expires_at from sessions where id = ?',
        [id]
      );
      expect(Number(renewed?.expires_at)).toBeGreaterThan(now + 29 * DAY);
      const cookie = res.headers.getSetCookie().find((l) => l.startsWith(`${SESSION_COOKIE}=`)) ?? '';
      expect(Date.parse(/expires=([^;]+)/i.exec(cookie)?.[1] ?? '')).toBeGreaterThan(now + 29 * DAY);

      const createdAt = now - 89 * DAY;
      const expiresAt = now + DAY;
      await setSessionTimes(client, { created_at: createdAt, expires_at: expiresAt });
      expect((await me(client)).status).toBe(200);
      const [capped] = await db.query<{ expires_at: unknown }>(
        'select expires_at from sessions where id = ?',
        [id]
      );
      expect(Number(capped?.expires_at)).toBeLessThanOrEqual(createdAt + 90 * DAY);
    });

    it("stops a disabled user's session and token at once, and only an admin may disable", async () => {
      const hank = await signIn(athar, 'hank@example.org');
      const hankSession = hank.cookies.get(SESSION_COOKIE)!;
      const token = await createToken(athar, 'hank@example.org');
      expect((await me(hank)).status).toBe(200);
      expect((await me(createClient(athar.url), bearer(token))).status).toBe(200);

      // A reviewer cannot disable anyone, themself included.
      const forbidden = await hank.request(`/admin/users/${hankId}?/setDisabled`, {
        form: { disabled: 'true' }
      });
      expect(forbidden.status).toBe(403);
      expect((await me(hank)).status).toBe(200);

      const disabled = await admin.request(`/admin/users/${hankId}?/setDisabled`, {
        form: { disabled: 'true' }
      });
      expect(disabled.status).toBe(200);
      await expectRefusedOnApi(clientWithCookie(athar, hankSession));
      await expectSentToLogin(clientWithCookie(athar, hankSession));
      await expectApiError(await me(createClient(athar.url), bearer(token)), 401, 'unauthorized');
      expect(await db.query('select id from sessions where user_id = ?', [hankId])).toEqual([]);
      const again = await createClient(athar.url).request('/api/session', {
        json: { email: 'hank@example.org', password: PASSWORD }
      });
      await expectApiError(again, 401, 'unauthorized');

      // Enabling again does not revive the ended session; the token (never revoked) works again.
      const enabled = await admin.request(`/admin/users/${hankId}?/setDisabled`, {
        form: { disabled: 'false' }
      });
      expect(enabled.status).toBe(200);
      await expectApiError(await me(clientWithCookie(athar, hankSession)), 401, 'unauthorized');
      expect((await me(createClient(athar.url), bearer(token))).status).toBe(200);
      expect((await me(await signIn(athar, 'hank@example.org'))).status).toBe(200);
    });

    it('refuses an admin disabling their own account, and their session lives on', async () => {
      const res = await admin.request(`/admin/users/${await idOf('alice@example.org')}?/setDisabled`, {
        form: { disabled: 'true' }
      });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('You cannot disable or demote your own account.');
      expect((await me(admin)).status).toBe(200);
    });

    async function idOf(email: string): Promise<string> {
      const [row] = await db.query<{ id: string }>('select id from users where email = ?', [email]);
      return row!.id;
    }
  });
}
