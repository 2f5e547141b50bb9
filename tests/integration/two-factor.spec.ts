import { decodeHex } from '@oslojs/encoding';
import { generateHOTP, generateTOTP } from '@oslojs/otp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { openDb, type TestDb } from '../helpers/db.ts';
import { alertText, inputValue } from '../helpers/html.ts';
import { type Client, createClient, expectApiError, me, PASSWORD, signIn } from '../helpers/http.ts';
import { addUser } from '../helpers/world.ts';

const INVALID_CODE = 'That code is not correct or has expired.';

function totp(keyHex: string): string {
  return generateTOTP(decodeHex(keyHex), 30, 6);
}

/**
 * A code of the previous period, which the server still accepts. A code is good once, so enrolling
 * with it leaves the current period's code free for the sign-in that follows.
 */
function previousTotp(keyHex: string): string {
  return generateHOTP(decodeHex(keyHex), BigInt(Math.floor(Date.now() / 30_000) - 1), 6);
}

/** Enrols with the previous period's code; once more if a period boundary passed in between. */
async function postEnrolment(client: Client, key: string) {
  const first = await client.request('/account/two-factor?/enable', {
    form: { key, code: previousTotp(key) }
  });
  return first.status === 400
    ? client.request('/account/two-factor?/enable', { form: { key, code: previousTotp(key) } })
    : first;
}

/** A six-digit code that is valid in no period near now (the server accepts the previous one too). */
function wrongCode(keyHex: string): string {
  const key = decodeHex(keyHex);
  const counter = Math.floor(Date.now() / 30_000);
  const near = new Set([-2, -1, 0, 1, 2].map((d) => generateHOTP(key, BigInt(counter + d), 6)));
  for (let i = 0; ; i++) {
    const code = String(i).padStart(6, '0');
    if (!near.has(code)) return code;
  }
}

/** Reads the enrolment key the page hands out, and enrols with a code computed from it. */
async function enrol(client: Client): Promise<string> {
  const page = await client.request('/account/two-factor');
  expect(page.status).toBe(200);
  const key = inputValue(await page.text(), 'key');
  expect(key).toMatch(/^[0-9a-f]{40}$/);
  const res = await postEnrolment(client, key!);
  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/account');
  return key!;
}

/** A session that owes a second factor: API 401, pages sent to `to`. */
async function expectGated(client: Client, to: '/login/two-factor' | '/account/two-factor'): Promise<void> {
  const message = await expectApiError(await me(client), 401, 'unauthorized');
  expect(message).toMatch(/second factor/i);
  await expectApiError(await client.request('/api/tokens', { json: { label: 'x' } }), 401, 'unauthorized');
  for (const path of ['/', '/account', '/admin/users']) {
    const res = await client.request(path);
    expect(res.status, path).toBe(303);
    expect(res.headers.get('location'), path).toBe(to);
  }
}

for (const dialect of DIALECTS) {
  describe(`two-factor sign-in (${dialect})`, () => {
    let athar: Instance;
    let db: TestDb;
    let admin: Client;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      await addUser(athar, 'alice@example.org', { name: 'Alice', role: 'admin' });
      await Promise.all(
        ['rae', 'sam', 'tia', 'ula', 'vic'].map((n) =>
          addUser(athar, `${n}@example.org`, { role: 'reviewer' })
        )
      );
      await addUser(athar, 'obi@example.org', { role: 'observer' });
      admin = await signIn(athar, 'alice@example.org');
      db = await openDb(athar);
    });
    afterAll(async () => {
      await db?.close();
      await athar?.destroy();
    });

    async function storedKey(email: string): Promise<string | null> {
      const [row] = await db.query<{ totp_key: string | null }>(
        'select totp_key from users where email = ?',
        [email]
      );
      return row!.totp_key;
    }

    it('enrols only with a correct code, then requires the code at every sign-in', async () => {
      const rae = await signIn(athar, 'rae@example.org');
      const page = await rae.request('/account/two-factor');
      const key = inputValue(await page.text(), 'key')!;
      const wrong = await rae.request('/account/two-factor?/enable', { form: { key, code: wrongCode(key) } });
      expect(wrong.status).toBe(400);
      expect(alertText(await wrong.text())).toBe(INVALID_CODE);
      for (const code of ['', 'abcdef', '1234567', "' OR 1=1 --"]) {
        const res = await rae.request('/account/two-factor?/enable', { form: { key, code } });
        expect(res.status).toBe(400);
      }
      expect(await storedKey('rae@example.org')).toBeNull();

      const ok = await postEnrolment(rae, key);
      expect(ok.status).toBe(303);
      expect(await storedKey('rae@example.org')).toBe(key);
      // The session that enrolled has just proved the factor.
      expect((await me(rae)).status).toBe(200);

      // A new sign-in through the form is sent to the code page, and is nobody until it passes.
      const form = createClient(athar.url);
      const res = await form.request('/login?next=%2Faccount', {
        form: { email: 'rae@example.org', password: PASSWORD }
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/login/two-factor?next=%2Faccount');
      await expectGated(form, '/login/two-factor');
      expect((await form.request('/login/two-factor')).status).toBe(200);

      const refused = await form.request('/login/two-factor?next=%2Faccount', {
        form: { code: wrongCode(key) }
      });
      expect(refused.status).toBe(400);
      expect(alertText(await refused.text())).toBe(INVALID_CODE);
      await expectGated(form, '/login/two-factor');

      const code = totp(key);
      const passed = await form.request('/login/two-factor?next=%2Faccount', { form: { code } });
      expect(passed.status).toBe(303);
      expect(passed.headers.get('location')).toBe('/account');
      expect((await me(form)).status).toBe(200);
      expect((await form.request('/account')).status).toBe(200);

      // A code is good once: replayed by another session in its window, it is refused.
      const replay = createClient(athar.url);
      await replay.request('/login', { form: { email: 'rae@example.org', password: PASSWORD } });
      const replayed = await replay.request('/login/two-factor', { form: { code } });
      expect(replayed.status).toBe(400);
      await expectGated(replay, '/login/two-factor');

      // The API sign-in says a code is owed, and the session is nobody until it is given.
      const api = createClient(athar.url);
      const signedIn = await api.request('/api/session', {
        json: { email: 'rae@example.org', password: PASSWORD }
      });
      expect(await signedIn.json()).toEqual({ secondFactorRequired: true });
      await expectGated(api, '/login/two-factor');
    });

    it('does not let a session that owes a code enrol a new key over the old one', async () => {
      const owing = createClient(athar.url);
      await owing.request('/login', { form: { email: 'rae@example.org', password: PASSWORD } });
      const before = await storedKey('rae@example.org');
      const attackerKey = 'ab'.repeat(20);
      const res = await owing.request('/account/two-factor?/enable', {
        form: { key: attackerKey, code: totp(attackerKey) }
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/login');
      expect(await storedKey('rae@example.org')).toBe(before);
      await expectGated(owing, '/login/two-factor');
    });

    it('gives simultaneous wrong codes no more than 5 tries in all', async () => {
      const sam = await signIn(athar, 'sam@example.org');
      const key = await enrol(sam);
      const owing = createClient(athar.url);
      await owing.request('/login', { form: { email: 'sam@example.org', password: PASSWORD } });
      const code = wrongCode(key);
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => owing.request('/login/two-factor', { form: { code } }))
      );
      const statuses = answers.map((r) => r.status);
      expect(statuses.filter((s) => s === 400)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(7);
      const locked = await owing.request('/login/two-factor', { form: { code: totp(key) } });
      expect(locked.status).toBe(429);
      expect(alertText(await locked.text())).toMatch(/^Too many failed attempts/);
      await expectGated(owing, '/login/two-factor');
    });

    it('sends a reviewer without a second factor to enrol once the admin requires it for reviewers', async () => {
      // Ula signed in before the rule existed; Tia signs in after it.
      const ula = await signIn(athar, 'ula@example.org');
      const vic = await signIn(athar, 'vic@example.org');
      await enrol(vic);
      const obi = await signIn(athar, 'obi@example.org');
      expect((await me(ula)).status).toBe(200);

      const saved = await admin.request('/admin/security', { form: { totpRole: 'reviewer' } });
      expect(saved.status).toBe(200);
      const [setting] = await db.query<{ value: string }>('select value from settings where key = ?', [
        'totp_required_roles'
      ]);
      expect(JSON.parse(setting!.value)).toEqual(['reviewer']);

      const tia = createClient(athar.url);
      const login = await tia.request('/login', { form: { email: 'tia@example.org', password: PASSWORD } });
      expect(login.status).toBe(303);
      for (const client of [tia, ula]) {
        await expectGated(client, '/account/two-factor');
        const page = await client.request('/account/two-factor');
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('Your role requires a second factor. Set one up to continue.');
        await enrol(client);
        expect((await me(client)).status).toBe(200);
      }

      // Others are untouched: an observer, and a reviewer who already has the factor.
      expect((await me(obi)).status).toBe(200);
      expect((await me(vic)).status).toBe(200);
      expect((await me(admin)).status).toBe(200);
      // A required factor cannot be removed.
      const remove = await vic.request('/account/two-factor?/disable', { form: {} });
      expect(remove.status).toBe(403);
      expect(alertText(await remove.text())).toBe(
        'Your role requires a second factor; it cannot be removed.'
      );
      expect(await storedKey('vic@example.org')).not.toBeNull();
    });
  });
}
