import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { alertText } from '../helpers/html.ts';
import { createClient, expectApiError, PASSWORD, requestFrom, SESSION_COOKIE } from '../helpers/http.ts';
import { addUser } from '../helpers/world.ts';

const WRONG = 'definitely not the password';
const LOCK_SECONDS = 15 * 60;

function apiSignIn(athar: Instance, email: string, password: string): Promise<Response> {
  return createClient(athar.url).request('/api/session', { json: { email, password } });
}

async function expectThrottled(res: Response): Promise<void> {
  const message = await expectApiError(res, 429, 'too_many_requests');
  expect(message).toMatch(/too many failed sign-ins/i);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(LOCK_SECONDS);
  expect(res.headers.getSetCookie()).toEqual([]);
}

for (const dialect of DIALECTS) {
  describe(`sign-in throttling per account (${dialect})`, () => {
    let athar: Instance;
    beforeAll(async () => {
      athar = await startInstance(dialect);
      await Promise.all([
        addUser(athar, 'dana@example.org'),
        addUser(athar, 'erin@example.org'),
        addUser(athar, 'gus@example.org')
      ]);
    });
    afterAll(() => athar?.destroy());

    it('refuses the 6th attempt after 5 wrong passwords, even with the right password', async () => {
      for (let i = 1; i <= 5; i++) {
        await expectApiError(await apiSignIn(athar, 'dana@example.org', WRONG), 401, 'unauthorized');
      }
      await expectThrottled(await apiSignIn(athar, 'dana@example.org', PASSWORD));
      // The lock is on the account, not on how the e-mail is spelled.
      await expectThrottled(await apiSignIn(athar, ' DANA@example.org', PASSWORD));
    });

    it('shows the form a 429 with the "Too many failed attempts" message and opens no session', async () => {
      const client = createClient(athar.url);
      const res = await client.request('/login', {
        form: { email: 'dana@example.org', password: PASSWORD }
      });
      expect(res.status).toBe(429);
      expect(alertText(await res.text())).toMatch(
        /^Too many failed attempts\. Try again in 1[45] minute\(s\): the lock then ends by itself and the correct password works again\. If you cannot wait, or did not make these attempts, ask an administrator\.$/
      );
      expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    });

    it('holds the account lock from any address', async () => {
      const res = await requestFrom(athar, '127.0.0.2', '/api/session', {
        email: 'dana@example.org',
        password: PASSWORD
      });
      expect(res.status).toBe(429);
      expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'too_many_requests' } });
    });

    it('still lets another account sign in from the same address', async () => {
      const res = await apiSignIn(athar, 'erin@example.org', PASSWORD);
      expect(res.status).toBe(200);
    });

    it('gives simultaneous wrong guesses no more than 5 tries in all', async () => {
      const answers = await Promise.all(
        Array.from({ length: 12 }, () => apiSignIn(athar, 'gus@example.org', WRONG))
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 401)).toHaveLength(5);
      expect(statuses.filter((s) => s === 429)).toHaveLength(7);
      await expectThrottled(await apiSignIn(athar, 'gus@example.org', PASSWORD));
    });
  });

  describe(`sign-in throttling per address (${dialect})`, () => {
    let athar: Instance;
    beforeAll(async () => {
      athar = await startInstance(dialect);
      await addUser(athar, 'fay@example.org');
    });
    afterAll(() => athar?.destroy());

    it('locks the address at the 30th failure, across accounts, and only that address', async () => {
      // 29 failures spread over accounts that never reach their own limit of 5.
      for (let i = 0; i < 29; i++) {
        const res = await apiSignIn(athar, `nobody${i % 10}@example.org`, WRONG);
        await expectApiError(res, 401, 'unauthorized');
      }
      // A correct sign-in succeeds below the limit and does not wipe the address's record.
      expect((await apiSignIn(athar, 'fay@example.org', PASSWORD)).status).toBe(200);
      await expectApiError(await apiSignIn(athar, 'nobody-else@example.org', WRONG), 401, 'unauthorized');

      await expectThrottled(await apiSignIn(athar, 'fay@example.org', PASSWORD));
      const form = await createClient(athar.url).request('/login', {
        form: { email: 'fay@example.org', password: PASSWORD }
      });
      expect(form.status).toBe(429);
      expect(alertText(await form.text())).toMatch(/^Too many failed attempts/);

      const elsewhere = await requestFrom(athar, '127.0.0.2', '/api/session', {
        email: 'fay@example.org',
        password: PASSWORD
      });
      expect(elsewhere.status).toBe(200);
      expect(elsewhere.headers['set-cookie']?.some((l) => l.startsWith(`${SESSION_COOKIE}=`))).toBe(true);
    });
  });
}
