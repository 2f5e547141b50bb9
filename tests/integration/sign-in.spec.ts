import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { openDb, sessionIdOf, type TestDb } from '../helpers/db.ts';
import { alertText } from '../helpers/html.ts';
import {
  clientWithCookie,
  createClient,
  expectApiError,
  me,
  PASSWORD,
  SESSION_COOKIE,
  signIn
} from '../helpers/http.ts';
import { addUser, verifiedAuditRows } from '../helpers/world.ts';

const INVALID = 'The e-mail or password is not correct.';

/** The attributes of the Set-Cookie line for the session cookie, lower-cased, value apart. */
function sessionCookieAttributes(res: Response): { value: string; attributes: Map<string, string> } {
  const line = res.headers.getSetCookie().find((l) => l.startsWith(`${SESSION_COOKIE}=`));
  if (!line) throw new Error(`no ${SESSION_COOKIE} cookie set: ${res.headers.getSetCookie().join(' | ')}`);
  const [pair = '', ...rest] = line.split(';');
  const attributes = new Map<string, string>();
  for (const part of rest) {
    const [k = '', ...v] = part.trim().split('=');
    attributes.set(k.toLowerCase(), v.join('='));
  }
  return { value: pair.slice(SESSION_COOKIE.length + 1), attributes };
}

for (const dialect of DIALECTS) {
  describe(`sign-in and sign-out (${dialect})`, () => {
    let athar: Instance;
    let db: TestDb;
    let carolId: string;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      await addUser(athar, 'alice@example.org', { name: 'Alice', role: 'admin' });
      await addUser(athar, 'bob@example.org', { name: 'Bob', role: 'reviewer' });
      carolId = await addUser(athar, 'carol@example.org', { name: 'Carol', role: 'observer' });
      const admin = await signIn(athar, 'alice@example.org');
      const disabled = await admin.request(`/admin/users/${carolId}?/setDisabled`, {
        form: { disabled: 'true' }
      });
      expect(disabled.status).toBe(200);
      db = await openDb(athar);
    });
    afterAll(async () => {
      await db?.close();
      await athar?.destroy();
    });

    it('answers a wrong password, an unknown account and a disabled account alike on the API', async () => {
      const answers = [];
      for (const attempt of [
        { email: 'bob@example.org', password: 'not the password at all' },
        { email: 'nobody@example.org', password: PASSWORD },
        { email: 'carol@example.org', password: PASSWORD }
      ]) {
        const client = createClient(athar.url);
        const res = await client.request('/api/session', { json: attempt });
        expect(res.headers.getSetCookie()).toEqual([]);
        answers.push({ status: res.status, body: await res.text() });
        expect(client.cookies.size).toBe(0);
      }
      expect(answers[0]!.status).toBe(401);
      expect(JSON.parse(answers[0]!.body)).toEqual({ error: { code: 'unauthorized', message: INVALID } });
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    });

    it('answers a wrong password and an unknown account alike on the form, without echoing the password', async () => {
      const pages = [];
      for (const attempt of [
        { email: 'bob@example.org', password: 'wrong-password-123' },
        { email: 'nobody@example.org', password: 'wrong-password-123' }
      ]) {
        const client = createClient(athar.url);
        const res = await client.request('/login', { form: attempt });
        const html = await res.text();
        expect(html).not.toContain('wrong-password-123');
        expect(res.headers.getSetCookie().filter((l) => l.startsWith(SESSION_COOKIE))).toEqual([]);
        pages.push({ status: res.status, alert: alertText(html) });
      }
      expect(pages[0]).toEqual({ status: 400, alert: INVALID });
      expect(pages[1]).toEqual(pages[0]);
    });

    it('refuses malformed API sign-in requests with 400 and opens no session', async () => {
      const client = createClient(athar.url);
      const bodies: Array<{ body: string; type?: string }> = [
        { body: 'not json' },
        { body: '' },
        { body: 'null' },
        { body: '[]' },
        { body: '{"email":"bob@example.org"}' },
        { body: JSON.stringify({ email: ['bob@example.org'], password: PASSWORD }) },
        { body: JSON.stringify({ email: 'bob@example.org', password: { $ne: '' } }) },
        { body: JSON.stringify({ email: 'bob@example.org', password: PASSWORD, pad: 'x'.repeat(70_000) }) }
      ];
      for (const { body } of bodies) {
        const res = await client.request('/api/session', {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json' }
        });
        // A body over the endpoint's 64 KiB is refused for its size (413), whatever it holds.
        if (body.length > 65_536) await expectApiError(res, 413, 'too_large');
        else await expectApiError(res, 400, 'bad_request');
      }
      expect(client.cookies.size).toBe(0);
    });

    it('sets an HttpOnly, SameSite=Lax, Path=/ session cookie, not Secure over http', async () => {
      const client = createClient(athar.url);
      const res = await client.request('/api/session', {
        json: { email: '  Bob@Example.ORG ', password: PASSWORD }
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ secondFactorRequired: false });
      const { value, attributes } = sessionCookieAttributes(res);
      expect(value).toMatch(/^[a-z2-7]{32}$/);
      expect(attributes.has('httponly')).toBe(true);
      expect(attributes.get('samesite')).toBe('Lax');
      expect(attributes.get('path')).toBe('/');
      expect(attributes.has('secure')).toBe(false);
      const expires = Date.parse(attributes.get('expires') ?? '');
      expect(expires).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
      expect(expires).toBeLessThanOrEqual(Date.now() + 31 * 24 * 3600 * 1000);

      // Only the token's hash is stored: the cookie value itself appears nowhere in the database.
      expect(await db.query('select id from sessions where id = ?', [value])).toEqual([]);
      expect(await db.query('select id from sessions where id = ?', [await sessionIdOf(value)])).toHaveLength(
        1
      );

      const who = await me(client);
      expect(who.status).toBe(200);
      expect(await who.json()).toMatchObject({ email: 'bob@example.org', role: 'reviewer' });
    });

    it('signs in through the form with the same cookie and a fresh token each time', async () => {
      const first = createClient(athar.url);
      const res = await first.request('/login', { form: { email: 'bob@example.org', password: PASSWORD } });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/');
      const { attributes } = sessionCookieAttributes(res);
      expect(attributes.has('httponly')).toBe(true);
      expect(attributes.get('samesite')).toBe('Lax');
      expect(attributes.get('path')).toBe('/');
      expect(attributes.has('secure')).toBe(false);

      const second = await signIn(athar, 'bob@example.org');
      expect(second.cookies.get(SESSION_COOKIE)).not.toBe(first.cookies.get(SESSION_COOKIE));
      expect((await me(first)).status).toBe(200);
      expect((await me(second)).status).toBe(200);
    });

    it('sends a signed-in user only to a path on this site', async () => {
      const origin = new URL(athar.url).origin;
      const cases: Array<[string, string]> = [
        ['/account', '/account'],
        ['/admin/users?x=1', '/admin/users?x=1'],
        ['//evil.example/', '/'],
        ['https://evil.example/', '/'],
        ['/\\evil.example/', '/'],
        ['/\t/evil.example/', '/'],
        ['/\n/evil.example/', '/'],
        ['/..//evil.example/', '/'],
        ['/%2F%2Fevil.example/', '/%2F%2Fevil.example/'],
        ['javascript:alert(1)', '/']
      ];
      const client = await signIn(athar, 'bob@example.org');
      for (const [next, expected] of cases) {
        const res = await client.request(`/login?next=${encodeURIComponent(next)}`);
        expect(res.status).toBe(303);
        const location = res.headers.get('location') ?? '';
        // Resolve the way a browser does (it drops tabs and newlines, reads \ as /).
        expect(new URL(location, athar.url).origin, `next=${JSON.stringify(next)}`).toBe(origin);
        expect(location).toBe(expected);
      }
      const form = await createClient(athar.url).request(
        `/login?next=${encodeURIComponent('/\t/evil.example/')}`,
        { form: { email: 'bob@example.org', password: PASSWORD } }
      );
      expect(form.status).toBe(303);
      expect(new URL(form.headers.get('location') ?? '', athar.url).origin).toBe(origin);
    });

    it('ends the session on DELETE /api/session: the old cookie is refused', async () => {
      const client = await signIn(athar, 'bob@example.org');
      const token = client.cookies.get(SESSION_COOKIE)!;
      const res = await client.request('/api/session', { method: 'DELETE' });
      expect(res.status).toBe(204);
      expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
      await expectApiError(await me(clientWithCookie(athar, token)), 401, 'unauthorized');
      expect(await db.query('select id from sessions where id = ?', [await sessionIdOf(token)])).toEqual([]);

      await expectApiError(
        await createClient(athar.url).request('/api/session', { method: 'DELETE' }),
        401,
        'unauthorized'
      );
    });

    it('ends the session on the sign-out form: the old cookie is refused', async () => {
      const client = await signIn(athar, 'bob@example.org');
      const token = client.cookies.get(SESSION_COOKIE)!;
      const res = await client.request('/logout', { form: {} });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/login');
      expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
      await expectApiError(await me(clientWithCookie(athar, token)), 401, 'unauthorized');
      const page = await clientWithCookie(athar, token).request('/account');
      expect(page.status).toBe(303);
      expect(page.headers.get('location')).toMatch(/^\/login\b/);
    });

    it('records sign-in, failure and sign-out in the audit chain', async () => {
      const before = await verifiedAuditRows(athar);
      const failed = await createClient(athar.url).request('/api/session', {
        json: { email: 'bob@example.org', password: 'not the password at all' }
      });
      expect(failed.status).toBe(401);
      const client = await signIn(athar, 'bob@example.org');
      expect((await client.request('/api/session', { method: 'DELETE' })).status).toBe(204);

      expect(await verifiedAuditRows(athar)).toBe(before + 3);
      const rows = await db.query<{ action: string; details: string; ip: string | null }>(
        'select action, details, ip from audit_log where seq > ? order by seq',
        [before]
      );
      expect(rows.map((r) => r.action)).toEqual(['auth.sign_in_failed', 'auth.sign_in', 'auth.sign_out']);
      expect(JSON.parse(rows[0]!.details)).toEqual({ reason: 'wrong_password' });
      for (const row of rows) expect(row.ip).toMatch(/127\.0\.0\.1/);
      // The attempted password is never written anywhere.
      const all = await db.query<{ details: string }>('select details from audit_log');
      expect(all.some((r) => r.details.includes('not the password at all'))).toBe(false);
    });
  });
}
