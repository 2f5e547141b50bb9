/**
 * Issue 13, point 5: a signed-in session alone cannot switch the second factor off or create an API
 * token: the current password is asked again, and a current code when the user has a second
 * factor; every attempt is audited. (The CLI, which runs with database access, is exempt.)
 */
import { decodeHex } from '@oslojs/encoding';
import { generateHOTP } from '@oslojs/otp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { countOf, query } from '../helpers/db.ts';
import { alertText, inputValue } from '../helpers/html.ts';
import { type Client, expectApiError, PASSWORD, signIn } from '../helpers/http.ts';
import { addUser } from '../helpers/world.ts';

/** The code of the time step `offset` steps from now. */
const code = (key: string, offset = 0) =>
  generateHOTP(decodeHex(key), BigInt(Math.floor(Date.now() / 30_000) + offset), 6);

/**
 * Enrols with the previous step's code, then passes the pending sign-in check, leaving the current
 * step's code unused for the re-authentication the test makes (a code is good once).
 */
async function enrol(client: Client): Promise<string> {
  const key = inputValue(await (await client.request('/account/two-factor')).text(), 'key')!;
  expect(key).toMatch(/^[0-9a-f]{40}$/);
  let res = await client.request('/account/two-factor?/enable', { form: { key, code: code(key, -1) } });
  // A step boundary passed between computing the code and the server checking it: once more.
  if (res.status === 400)
    res = await client.request('/account/two-factor?/enable', { form: { key, code: code(key, -1) } });
  expect(res.status).toBe(303);
  return key;
}

const tokensOf = (athar: Instance, email: string) =>
  countOf(
    athar,
    'select count(*) as n from api_tokens t join users u on u.id = t.user_id where u.email = ?',
    [email]
  );

const audited = async (athar: Instance, action: string) =>
  (
    await query<{ details: string }>(athar, 'select details from audit_log where action = ? order by seq', [
      action
    ])
  ).map((r) => (JSON.parse(r.details) as { purpose: string }).purpose);

for (const dialect of DIALECTS) {
  describe(`re-authentication (${dialect})`, () => {
    let athar: Instance;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      for (const who of ['noa', 'oli', 'pia']) await addUser(athar, `${who}@example.org`);
    });
    afterAll(() => athar?.destroy());

    it('creates an API token only with the current password', async () => {
      const noa = await signIn(athar, 'noa@example.org');
      for (const json of [{ label: 'x' }, { label: 'x', password: 'not the password' }])
        await expectApiError(await noa.request('/api/tokens', { json }), 403, 'forbidden');
      const form = await noa.request('/account?/createToken', { form: { label: 'x' } });
      expect(form.status).toBe(403);
      expect(alertText(await form.text())).toMatch(/current password/);
      expect(await tokensOf(athar, 'noa@example.org')).toBe(0);

      expect((await noa.request('/api/tokens', { json: { label: 'api', password: PASSWORD } })).status).toBe(
        201
      );
      const page = await noa.request('/account?/createToken', {
        form: { label: 'page', password: PASSWORD }
      });
      expect(page.status).toBe(200);
      expect(await tokensOf(athar, 'noa@example.org')).toBe(2);
      expect(await audited(athar, 'auth.reauth_failed')).toEqual([
        'token_create',
        'token_create',
        'token_create'
      ]);
      expect(await audited(athar, 'auth.reauth')).toEqual(['token_create', 'token_create']);
    });

    it('with a second factor, creates a token only with the password and a current code', async () => {
      const oli = await signIn(athar, 'oli@example.org');
      const key = await enrol(oli);
      await expectApiError(
        await oli.request('/api/tokens', { json: { label: 'x', password: PASSWORD } }),
        403,
        'forbidden'
      );
      await expectApiError(
        await oli.request('/api/tokens', { json: { label: 'x', password: PASSWORD, code: code(key, -3) } }),
        403,
        'forbidden'
      );
      const res = await oli.request('/api/tokens', {
        json: { label: 'ok', password: PASSWORD, code: code(key) }
      });
      expect(res.status, await res.clone().text()).toBe(201);
      expect(await tokensOf(athar, 'oli@example.org')).toBe(1);
    });

    it('switches the second factor off only with the password and a current code', async () => {
      const pia = await signIn(athar, 'pia@example.org');
      const key = await enrol(pia);
      const stored = async () =>
        (
          await query<{ totp_key: string | null }>(athar, 'select totp_key from users where email = ?', [
            'pia@example.org'
          ])
        )[0]!.totp_key;
      const attempts: Array<Record<string, string>> = [
        {},
        { password: PASSWORD },
        { password: 'wrong password', code: code(key) }
      ];
      for (const form of attempts) {
        const res = await pia.request('/account/two-factor?/disable', { form });
        expect(res.status).toBe(403);
        expect(alertText(await res.text())).toMatch(/current password or the code/);
      }
      expect(await stored()).not.toBeNull();

      const res = await pia.request('/account/two-factor?/disable', {
        form: { password: PASSWORD, code: code(key) }
      });
      expect(res.status).toBe(303);
      expect(await stored()).toBeNull();
      expect((await audited(athar, 'auth.reauth')).at(-1)).toBe('totp_disable');
    });
  });
}
