import { describe, expect, it } from 'vitest';
import type { Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { query } from '../helpers/db.ts';
import { api, createClient, expectApiError, me, PASSWORD, signIn, type Client } from '../helpers/http.ts';
import { useWorld } from '../helpers/suite.ts';
import { addPerson } from '../helpers/world.ts';

const RESET = /\/reset\/([a-z2-7]{32})$/;

function tokenOf(link: string): string {
  const token = RESET.exec(link)?.[1];
  if (!token) throw new Error(`not a reset link: ${link}`);
  return token;
}

async function actions(athar: Instance, action: string): Promise<number> {
  return (await query(athar, 'select seq from audit_log where action = ?', [action])).length;
}

function changeOwn(client: Client, body: unknown): Promise<Response> {
  return client.request('/api/me/password', { method: 'PUT', json: body });
}

function signInStatus(athar: Instance, email: string, password: string): Promise<number> {
  return createClient(athar.url)
    .request('/api/session', { json: { email, password } })
    .then((r) => r.status);
}

for (const dialect of DIALECTS) {
  describe(`password change, reset links and unlock (${dialect})`, () => {
    const suite = useWorld(dialect, async (athar) => ({
      admin: await addPerson(athar, 'alice@example.org', 'admin'),
      coordinator: await addPerson(athar, 'carla@example.org', 'coordinator'),
      hana: await addPerson(athar, 'hana@example.org', 'reviewer'),
      idris: await addPerson(athar, 'idris@example.org', 'reviewer'),
      jude: await addPerson(athar, 'jude@example.org', 'observer')
    }));

    it('changes the password with the current one; every other session ends, this one stays', async () => {
      const { athar } = suite;
      const here = await signIn(athar, 'hana@example.org');
      const elsewhere = await signIn(athar, 'hana@example.org');
      const before = await actions(athar, 'user.password_change');

      await expectApiError(
        await changeOwn(here, { currentPassword: 'not my password', newPassword: 'a brand new password' }),
        403,
        'forbidden'
      );
      await expectApiError(
        await changeOwn(here, { currentPassword: PASSWORD, newPassword: 'short' }),
        400,
        'bad_request'
      );
      await expectApiError(await changeOwn(here, { currentPassword: PASSWORD }), 400, 'bad_request');
      expect((await me(elsewhere)).status).toBe(200);

      const res = await changeOwn(here, { currentPassword: PASSWORD, newPassword: 'a brand new password' });
      expect(res.status).toBe(204);
      expect((await me(here)).status).toBe(200);
      expect((await me(elsewhere)).status).toBe(401);
      expect(await signInStatus(athar, 'hana@example.org', PASSWORD)).toBe(401);
      expect(await signInStatus(athar, 'hana@example.org', 'a brand new password')).toBe(200);
      expect(await actions(athar, 'user.password_change')).toBe(before + 1);
    });

    it('changes the password on the account page too', async () => {
      const { athar } = suite;
      const here = await signIn(athar, 'jude@example.org');
      const elsewhere = await signIn(athar, 'jude@example.org');
      const wrong = await here.request('/account?/password', {
        form: { currentPassword: 'wrong guess here', newPassword: 'jude has a new password' }
      });
      expect(wrong.status).toBe(403);
      const res = await here.request('/account?/password', {
        form: { currentPassword: PASSWORD, newPassword: 'jude has a new password' }
      });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('1 other session ended');
      expect((await me(here)).status).toBe(200);
      expect((await me(elsewhere)).status).toBe(401);
    });

    it('issues a reset link (administrators only) that works once, ending every session', async () => {
      const { athar, world } = suite;
      const session = await signIn(athar, 'idris@example.org');
      for (const who of [world.coordinator, world.idris])
        expect((await api(athar, who.token, 'POST', `/api/users/${world.idris.id}/reset-link`)).status).toBe(
          403
        );
      expect(
        (await api(athar, world.admin.token, 'POST', `/api/users/${'a'.repeat(24)}/reset-link`)).status
      ).toBe(404);

      const issued = await api<{ link: string; expiresAt: number }>(
        athar,
        world.admin.token,
        'POST',
        `/api/users/${world.idris.id}/reset-link`
      );
      expect(issued.status).toBe(201);
      const token = tokenOf(issued.body.link);
      expect(await actions(athar, 'user.reset_link')).toBeGreaterThan(0);

      const anonymous = createClient(athar.url);
      expect(await (await anonymous.request(`/reset/${token}`)).text()).toContain('idris@example.org');
      const short = await anonymous.request(`/reset/${token}`, { form: { password: 'short' } });
      expect(short.status).toBe(400);
      const done = await anonymous.request(`/reset/${token}`, { form: { password: 'idris resets it now' } });
      expect(done.status).toBe(200);
      expect((await me(session)).status).toBe(401);
      expect(await signInStatus(athar, 'idris@example.org', 'idris resets it now')).toBe(200);

      const again = await anonymous.request(`/reset/${token}`, { form: { password: 'someone else tries' } });
      expect(again.status).toBe(410);
      expect(await signInStatus(athar, 'idris@example.org', 'someone else tries')).toBe(401);
      expect(await actions(athar, 'user.password_reset')).toBe(1);
    });

    it('lets a reset link expire, and `athar user reset` print one', async () => {
      const { athar } = suite;
      const run = await athar.cli(['user', 'reset', 'carla@example.org']);
      expect(run.code, run.stderr).toBe(0);
      const token = tokenOf(run.stdout.trim().split('\n').at(-1) ?? '');
      await query(athar, "update account_links set expires_at = ? where purpose = 'reset' and email = ?", [
        Date.now() - 1,
        'carla@example.org'
      ]);
      const res = await createClient(athar.url).request(`/reset/${token}`, {
        form: { password: 'too late for this one' }
      });
      expect(res.status).toBe(410);
      expect(await signInStatus(athar, 'carla@example.org', PASSWORD)).toBe(200);
      expect((await athar.cli(['user', 'reset', 'nobody@example.org'])).code).toBe(2);
    });

    it('lets an administrator lift a sign-in lock, and nobody else', async () => {
      const { athar, world } = suite;
      for (let i = 0; i < 5; i++) await signInStatus(athar, 'carla@example.org', `wrong guess ${i}`);
      expect(await signInStatus(athar, 'carla@example.org', PASSWORD)).toBe(429);
      const refused = await api(
        athar,
        world.coordinator.token,
        'POST',
        `/api/users/${world.coordinator.id}/unlock`
      );
      expect(refused.status).toBe(403);
      const admin = await signIn(athar, 'alice@example.org');
      const page = await admin.request(`/admin/users/${world.coordinator.id}`);
      expect(await page.text()).toContain('Sign-in is locked');
      const unlocked = await api(
        athar,
        world.admin.token,
        'POST',
        `/api/users/${world.coordinator.id}/unlock`
      );
      expect(unlocked.status).toBe(204);
      expect(await signInStatus(athar, 'carla@example.org', PASSWORD)).toBe(200);
      expect(await actions(athar, 'auth.unlock')).toBe(1);
    });
  });
}
