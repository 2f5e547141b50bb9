import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.ts';
import { query, sessionIdOf } from '../helpers/db.ts';
import { api, createClient, expectApiError, me, PASSWORD, SESSION_COOKIE, signIn } from '../helpers/http.ts';
import { useWorld } from '../helpers/suite.ts';
import { addPerson } from '../helpers/world.ts';
import type { Instance } from '../helpers/athar.ts';

type Invitation = {
  id: string;
  email: string;
  role: string;
  expert: boolean;
  expiresAt: number;
  link: string;
  mail: string;
};

const LINK = /\/invite\/([a-z2-7]{32})$/;
const NEW_PASSWORD = 'a password of my own choosing';

function tokenOf(link: string): string {
  const token = LINK.exec(link)?.[1];
  if (!token) throw new Error(`not an invitation link: ${link}`);
  return token;
}

async function usersWith(athar: Instance, email: string): Promise<number> {
  const [row] = await query<{ n: number | string }>(
    athar,
    'select count(*) as n from users where email = ?',
    [email]
  );
  return Number(row?.n);
}

async function auditActions(athar: Instance): Promise<string[]> {
  const rows = await query<{ action: string }>(athar, 'select action from audit_log order by seq');
  return rows.map((r) => r.action);
}

/** The invitee's form, as a browser without JavaScript sends it. */
function accept(athar: Instance, token: string, name = 'Nadia Invited', password = NEW_PASSWORD) {
  const client = createClient(athar.url);
  return { client, response: client.request(`/invite/${token}`, { form: { name, password } }) };
}

for (const dialect of DIALECTS) {
  describe(`invitations (${dialect})`, () => {
    const suite = useWorld(dialect, async (athar) => ({
      admin: await addPerson(athar, 'alice@example.org', 'admin'),
      coordinator: await addPerson(athar, 'carla@example.org', 'coordinator'),
      reviewer: await addPerson(athar, 'rami@example.org', 'reviewer')
    }));

    async function invite(token: string, body: unknown) {
      return api<Invitation & { error?: { code: string } }>(
        suite.athar,
        token,
        'POST',
        '/api/invitations',
        body
      );
    }

    it('invites by e-mail and role; the invitee sets their own name and password and is signed in', async () => {
      const { athar, world } = suite;
      const created = await invite(world.admin.token, {
        email: ' Nadia@Example.org ',
        role: 'reviewer',
        expert: true
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        email: 'nadia@example.org',
        role: 'reviewer',
        expert: true,
        mail: 'not_configured'
      });
      const token = tokenOf(created.body.link);
      expect(created.body.link.startsWith(athar.url)).toBe(true);

      // Stored hashed, like a session: the token itself is nowhere in the database.
      const rows = await query<{ token_hash: string }>(
        athar,
        'select token_hash from account_links where id = ?',
        [created.body.id]
      );
      expect(rows[0]?.token_hash).toBe(await sessionIdOf(token));

      const page = await createClient(athar.url).request(`/invite/${token}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('nadia@example.org');

      const { client, response } = accept(athar, token);
      const res = await response;
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('/');
      expect(client.cookies.get(SESSION_COOKIE)).toMatch(/^[a-z2-7]{32}$/);
      const who = await me(client);
      expect(await who.json()).toMatchObject({
        email: 'nadia@example.org',
        name: 'Nadia Invited',
        role: 'reviewer',
        expert: true
      });
      await signIn(athar, 'nadia@example.org', NEW_PASSWORD);
      expect(await auditActions(athar)).toEqual(
        expect.arrayContaining(['user.invite', 'user.invite_accept'])
      );
    });

    it('works once: a used link makes nothing more', async () => {
      const { athar, world } = suite;
      const created = await invite(world.admin.token, { email: 'omar@example.org', role: 'observer' });
      const token = tokenOf(created.body.link);
      expect((await accept(athar, token).response).status).toBe(303);
      const again = accept(athar, token, 'Someone Else', 'another long password');
      expect((await again.response).status).toBe(410);
      expect(again.client.cookies.has(SESSION_COOKIE)).toBe(false);
      expect(await usersWith(athar, 'omar@example.org')).toBe(1);
      await expect(signIn(athar, 'omar@example.org', 'another long password')).rejects.toThrow();
    });

    it('makes one account when the same link is submitted twice at once', async () => {
      const { athar, world } = suite;
      const created = await invite(world.admin.token, { email: 'twice@example.org', role: 'reviewer' });
      const token = tokenOf(created.body.link);
      const attempts = Array.from({ length: 4 }, (_, i) =>
        accept(athar, token, `Racer ${i}`, `racing password ${i}`)
      );
      const statuses = (await Promise.all(attempts.map((a) => a.response))).map((r) => r.status).sort();
      expect(statuses).toEqual([303, 410, 410, 410]);
      expect(await usersWith(athar, 'twice@example.org')).toBe(1);
      const accepted = await query(
        athar,
        "select seq from audit_log where action = 'user.invite_accept' and details like ?",
        [`%twice@example.org%`]
      );
      expect(accepted).toHaveLength(1);
    });

    it('expires', async () => {
      const { athar, world } = suite;
      const created = await invite(world.admin.token, { email: 'late@example.org', role: 'reviewer' });
      const token = tokenOf(created.body.link);
      await query(athar, 'update account_links set expires_at = ? where id = ?', [
        Date.now() - 1000,
        created.body.id
      ]);
      const page = await createClient(athar.url).request(`/invite/${token}`);
      expect(await page.text()).toContain('expired or has already been used');
      expect((await accept(athar, token).response).status).toBe(410);
      expect(await usersWith(athar, 'late@example.org')).toBe(0);
    });

    it('keeps only the latest link of an address working', async () => {
      const { athar, world } = suite;
      const first = await invite(world.admin.token, { email: 'again@example.org', role: 'reviewer' });
      const second = await invite(world.admin.token, { email: 'again@example.org', role: 'observer' });
      expect((await accept(athar, tokenOf(first.body.link)).response).status).toBe(410);
      expect((await accept(athar, tokenOf(second.body.link)).response).status).toBe(303);
      const [row] = await query<{ role: string }>(athar, 'select role from users where email = ?', [
        'again@example.org'
      ]);
      expect(row?.role).toBe('observer');
    });

    it('lets a coordinator invite anyone but an administrator, and a reviewer nobody', async () => {
      const { athar, world } = suite;
      const before = await query(athar, 'select id from account_links');
      await expectApiError(
        await fetchInvite(athar, world.coordinator.token, { email: 'boss@example.org', role: 'admin' }),
        403,
        'forbidden'
      );
      await expectApiError(
        await fetchInvite(athar, world.reviewer.token, { email: 'friend@example.org', role: 'reviewer' }),
        403,
        'forbidden'
      );
      // The page's form follows the same rule.
      const coordinator = await signIn(athar, 'carla@example.org', PASSWORD);
      const form = await coordinator.request('/admin/users?/invite', {
        form: { inviteEmail: 'boss@example.org', inviteRole: 'admin' }
      });
      expect(form.status).toBe(403);
      const reviewer = await signIn(athar, 'rami@example.org', PASSWORD);
      expect(
        (
          await reviewer.request('/admin/users?/invite', {
            form: { inviteEmail: 'x@example.org', inviteRole: 'reviewer' }
          })
        ).status
      ).toBe(403);
      expect(await query(athar, 'select id from account_links')).toHaveLength(before.length);

      const ok = await invite(world.coordinator.token, {
        email: 'colleague@example.org',
        role: 'coordinator'
      });
      expect(ok.status).toBe(201);
      const viaForm = await coordinator.request('/admin/users?/invite', {
        form: { inviteEmail: 'helper@example.org', inviteRole: 'reviewer' }
      });
      expect(viaForm.status).toBe(200);
      expect(await viaForm.text()).toMatch(/\/invite\/[a-z2-7]{32}/);
      expect(await auditActions(athar)).toContain('user.invite');
    });

    it('refuses bad input and taken addresses with a clear error, storing nothing', async () => {
      const { athar, world } = suite;
      const before = await query(athar, 'select id from account_links');
      const cases: Array<[unknown, number, string]> = [
        [{ email: 'not-an-address', role: 'reviewer' }, 400, 'bad_request'],
        [{ email: 'a\u0000b@example.org', role: 'reviewer' }, 400, 'bad_request'],
        [{ email: 'ok@example.org', role: 'superuser' }, 400, 'bad_request'],
        [{ email: 'ok@example.org', role: 'reviewer', expert: 'yes' }, 400, 'bad_request'],
        [{ email: `${'x'.repeat(300)}@example.org`, role: 'reviewer' }, 400, 'bad_request'],
        [[], 400, 'bad_request'],
        [{ email: 'rami@example.org', role: 'reviewer' }, 409, 'conflict']
      ];
      for (const [body, status, code] of cases)
        await expectApiError(await fetchInvite(athar, world.admin.token, body), status, code);
      expect(await query(athar, 'select id from account_links')).toHaveLength(before.length);
      // A bad name or password on the invitee's form leaves the link working.
      const created = await invite(world.admin.token, { email: 'patient@example.org', role: 'reviewer' });
      const token = tokenOf(created.body.link);
      expect((await accept(athar, token, 'Patient', 'short').response).status).toBe(400);
      expect((await accept(athar, token, '\u0001', NEW_PASSWORD).response).status).toBe(400);
      expect((await accept(athar, token).response).status).toBe(303);
      expect((await createClient(athar.url).request('/invite/not-a-token')).status).toBe(200);
      expect((await accept(athar, 'a'.repeat(32)).response).status).toBe(410);
    });

    it('`athar user invite` prints a link that works', async () => {
      const { athar } = suite;
      const run = await athar.cli(['user', 'invite', 'cli@example.org', '--role', 'reviewer', '--expert']);
      expect(run.code, run.stderr).toBe(0);
      const link = run.stdout.trim().split('\n').at(-1) ?? '';
      expect((await accept(athar, tokenOf(link)).response).status).toBe(303);
      const [row] = await query<{ role: string; expert: number }>(
        athar,
        'select role, expert from users where email = ?',
        ['cli@example.org']
      );
      expect(row).toMatchObject({ role: 'reviewer', expert: 1 });
      const taken = await athar.cli(['user', 'invite', 'cli@example.org', '--role', 'reviewer']);
      expect(taken.code).toBe(2);
      const bad = await athar.cli(['user', 'invite', 'cli2@example.org', '--role', 'boss']);
      expect(bad.code).toBe(2);
    });
  });
}

function fetchInvite(athar: Instance, token: string, body: unknown): Promise<Response> {
  return fetch(`${athar.url}/api/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body)
  });
}
