import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { count, openDb, snapshot, type TestDb } from '../helpers/db.ts';
import {
  bearer,
  type Client,
  createClient,
  expectApiError,
  me,
  PASSWORD,
  rawRequest,
  SESSION_COOKIE,
  signIn
} from '../helpers/http.ts';
import { addUser, createToken } from '../helpers/world.ts';

const EVIL = 'https://evil.example';
const FORM = 'application/x-www-form-urlencoded';

/** Every origin a browser could send that is not ours: another site, `null`, near misses. */
function foreignOrigins(athar: Instance): string[] {
  const ours = new URL(athar.url);
  return [
    EVIL,
    'null',
    `https://${ours.host}`,
    `http://${ours.hostname}:1`,
    `http://localhost:${ours.port}`,
    `${athar.url}.evil.example`
  ];
}

function cookieHeader(client: Client): string {
  return [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}

async function expectFormRefused(res: Response): Promise<void> {
  expect(res.status).toBe(403);
  expect(res.headers.getSetCookie()).toEqual([]);
  expect(await res.text()).toMatch(/Cross-site POST form submissions are forbidden/);
}

for (const dialect of DIALECTS) {
  describe(`cross-site requests before setup (${dialect})`, () => {
    let athar: Instance;
    beforeAll(async () => {
      athar = await startInstance(dialect);
    });
    afterAll(() => athar?.destroy());

    it('refuses a cross-origin or origin-less /setup and leaves setup open', async () => {
      const body = new URLSearchParams({
        email: 'mallory@evil.example',
        name: 'M',
        password: PASSWORD
      }).toString();
      for (const origin of [EVIL, 'null', undefined]) {
        const headers: Record<string, string> = { 'content-type': FORM, accept: 'text/html' };
        if (origin) headers.origin = origin;
        await expectFormRefused(await rawRequest(athar, '/setup', { method: 'POST', headers, body }));
      }
      expect((await createClient(athar.url).request('/setup')).status).toBe(200);
      const db = await openDb(athar);
      try {
        expect(await count(db, 'users')).toBe(0);
      } finally {
        await db.close();
      }
    });
  });

  describe(`cross-site requests (${dialect})`, () => {
    let athar: Instance;
    let db: TestDb;
    let admin: Client;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      await addUser(athar, 'alice@example.org', { name: 'Alice', role: 'admin' });
      await addUser(athar, 'kim@example.org', { name: 'Kim', role: 'reviewer' });
      admin = await signIn(athar, 'alice@example.org');
      db = await openDb(athar);
    });
    afterAll(async () => {
      await db?.close();
      await athar?.destroy();
    });

    async function state(): Promise<string> {
      const [audit] = await db.query<{ n: unknown }>('select count(*) as n from audit_log');
      const throttle = await db.query('select * from throttle order by key');
      const sessions = await count(db, 'sessions');
      return JSON.stringify([await snapshot(db), Number(audit?.n), throttle, sessions]);
    }

    it('refuses a cross-origin sign-in form, even with the right password, and records nothing', async () => {
      const before = await state();
      const body = new URLSearchParams({ email: 'kim@example.org', password: PASSWORD }).toString();
      for (const origin of [...foreignOrigins(athar), undefined]) {
        const headers: Record<string, string> = { 'content-type': FORM, accept: 'text/html' };
        if (origin) headers.origin = origin;
        await expectFormRefused(await rawRequest(athar, '/login', { method: 'POST', headers, body }));
      }
      // A "simple" cross-site request (text/plain needs no preflight) cannot sign in through the API.
      const plain = await rawRequest(athar, '/api/session', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: EVIL },
        body: JSON.stringify({ email: 'kim@example.org', password: PASSWORD })
      });
      expect(plain.status).toBe(403);
      expect(plain.headers.getSetCookie()).toEqual([]);
      expect(await state()).toBe(before);
    });

    it("refuses a cross-origin admin form with the admin's cookie and creates no user", async () => {
      const before = await state();
      const body = new URLSearchParams({
        email: 'mallory@evil.example',
        name: 'Mallory',
        password: PASSWORD,
        role: 'admin'
      }).toString();
      for (const origin of [...foreignOrigins(athar), undefined]) {
        const headers: Record<string, string> = {
          'content-type': FORM,
          accept: 'text/html',
          cookie: cookieHeader(admin)
        };
        if (origin) headers.origin = origin;
        await expectFormRefused(
          await rawRequest(athar, '/admin/users?/create', { method: 'POST', headers, body })
        );
      }
      expect(await state()).toBe(before);
      // The same form from our own origin works: the refusal above was about the origin alone.
      const ok = await admin.request('/admin/users?/create', {
        form: { email: 'lee@example.org', name: 'Lee', password: PASSWORD, role: 'observer' }
      });
      expect(ok.status).toBe(200);
      expect(await db.query('select email from users where email = ?', ['lee@example.org'])).toHaveLength(1);
      expect(await db.query('select email from users where email = ?', ['mallory@evil.example'])).toEqual([]);
    });

    it('refuses cookie-authenticated API writes from a foreign or missing Origin', async () => {
      const kim = await signIn(athar, 'kim@example.org');
      const { id: tokenId, token } = (await (
        await kim.request('/api/tokens', { json: { label: 'kept', password: PASSWORD } })
      ).json()) as { id: string; token: string };
      const before = await state();
      const writes: Array<{ method: string; path: string; body?: string }> = [
        { method: 'POST', path: '/api/tokens', body: JSON.stringify({ label: 'stolen' }) },
        { method: 'DELETE', path: `/api/tokens/${tokenId}` },
        { method: 'DELETE', path: '/api/session' },
        { method: 'PUT', path: '/api/tokens' },
        { method: 'PATCH', path: '/api/me' }
      ];
      for (const write of writes) {
        for (const origin of [...foreignOrigins(athar), undefined]) {
          const headers: Record<string, string> = {
            'content-type': 'application/json',
            cookie: cookieHeader(kim)
          };
          if (origin) headers.origin = origin;
          const res = await rawRequest(athar, write.path, {
            method: write.method,
            headers,
            body: write.body
          });
          const message = await expectApiError(res, 403, 'forbidden');
          expect(message).toMatch(/cross-origin/i);
        }
      }
      expect(await state()).toBe(before);
      expect((await me(kim)).status).toBe(200);
      expect((await me(createClient(athar.url), bearer(token))).status).toBe(200);
      // From our own origin the same cookie may write.
      expect(
        (await kim.request('/api/tokens', { json: { label: 'same-site', password: PASSWORD } })).status
      ).toBe(201);
    });

    it('lets a Bearer token write without an Origin (a browser never attaches one by itself)', async () => {
      const token = await createToken(athar, 'kim@example.org');
      for (const origin of [undefined, EVIL]) {
        const headers: Record<string, string> = { 'content-type': 'application/json', ...bearer(token) };
        if (origin) headers.origin = origin;
        const res = await rawRequest(athar, '/api/tokens', {
          method: 'POST',
          headers,
          body: JSON.stringify({ label: `by token ${origin ?? 'no origin'}`, password: PASSWORD })
        });
        expect(res.status).toBe(201);
      }
    });

    it('sends the security headers on pages, API answers and redirects', async () => {
      const common = (res: Response) => {
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('referrer-policy')).toBe('same-origin');
        expect(res.headers.get('x-frame-options')).toBe('DENY');
      };
      const csp = (res: Response) =>
        (res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim());

      const page = await createClient(athar.url).request('/login');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      common(page);
      expect(csp(page)).toContain("default-src 'self'");
      expect(csp(page)).toContain("frame-ancestors 'none'");
      expect(csp(page)).toContain("object-src 'none'");
      expect(csp(page).join(';')).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);

      const signedInPage = await admin.request('/admin/users');
      expect(signedInPage.status).toBe(200);
      common(signedInPage);
      expect(csp(signedInPage)).toContain("frame-ancestors 'none'");

      for (const res of [await me(admin), await me(createClient(athar.url))]) {
        common(res);
        expect(csp(res)).toContain("default-src 'none'");
        expect(csp(res)).toContain("frame-ancestors 'none'");
      }
      const redirect = await createClient(athar.url).request('/account');
      expect(redirect.status).toBe(303);
      common(redirect);
      expect(admin.cookies.has(SESSION_COOKIE)).toBe(true);
    });
  });
}
