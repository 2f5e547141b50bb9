/**
 * Issue #2's bad input: SQL-looking strings, 10 kB strings and NUL bytes in every field of every form
 * get a clear 4xx answer and change nothing else; SQL-looking strings that are valid values are
 * stored verbatim and do no harm.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { count, openDb, snapshot, type TestDb } from '../helpers/db.ts';
import { alertText, decodeEntities, fieldErrors, inputValue } from '../helpers/html.ts';
import { type Client, createClient, me, PASSWORD, SESSION_COOKIE, signIn } from '../helpers/http.ts';
import { addUser } from '../helpers/world.ts';

const DROP = "'; DROP TABLE users; --";
const EMPTY_EQ = '" OR ""="';
const TAUTOLOGY = "' OR 1=1 --";
const BIG = "' OR 1=1; DROP TABLE users; -- ".repeat(400).slice(0, 10 * 1024);
const NUL = 'nul\u0000byte-here';
const HOSTILE = [DROP, EMPTY_EQ, TAUTOLOGY, BIG, NUL];
/** Valid values that look like SQL: they must be stored exactly as given. */
const BOBBY = "Robert'); DROP TABLE users;--";
const QUOTED_EMAIL = "o'brien+x'or'1'='1@example.org";

type Form = Record<string, string>;

function label(value: string): string {
  return value === BIG ? '10 kB' : JSON.stringify(value);
}

/**
 * A refused form: the expected status, an error the user can read, no 10 kB echo, and no new session
 * (a signed-in client only gets its own session cookie renewed).
 */
async function expectRefused(
  res: Response,
  status: number,
  what: string,
  session: string | undefined = undefined
): Promise<string> {
  const html = await res.text();
  expect(res.status, what).toBe(status);
  expect(res.headers.get('content-type'), what).toMatch(/^text\/html/);
  if (status === 404) expect(html, what).toContain('Not found');
  else expect([...fieldErrors(html), alertText(html)].filter(Boolean).length, what).toBeGreaterThan(0);
  expect(html.includes(BIG), `${what}: the 10 kB value is echoed back`).toBe(false);
  for (const line of res.headers.getSetCookie().filter((l) => l.startsWith(`${SESSION_COOKIE}=`)))
    expect(line.split(';')[0], what).toBe(`${SESSION_COOKIE}=${session}`);
  return html;
}

async function healthy(athar: Instance): Promise<void> {
  const res = await createClient(athar.url).request('/healthz');
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
}

for (const dialect of DIALECTS) {
  describe(`hostile input at first-run setup (${dialect})`, () => {
    let athar: Instance;
    let db: TestDb;
    beforeAll(async () => {
      athar = await startInstance(dialect);
      db = await openDb(athar);
    });
    afterAll(async () => {
      await db?.close();
      await athar?.destroy();
    });

    const valid: Form = { email: 'root@example.org', name: 'Root', password: PASSWORD };

    it('refuses every hostile field with 400 and leaves setup open', async () => {
      const cases: Array<[string, Form]> = [
        ...HOSTILE.map((v): [string, Form] => [`email ${label(v)}`, { ...valid, email: v }]),
        ...HOSTILE.map((v): [string, Form] => [
          `email ${label(v)}@…`,
          { ...valid, email: `${v}@example.org` }
        ]),
        ...[BIG, NUL, ''].map((v): [string, Form] => [`name ${label(v)}`, { ...valid, name: v }]),
        ...[EMPTY_EQ, BIG, ''].map((v): [string, Form] => [
          `password ${label(v)}`,
          { ...valid, password: v }
        ]),
        ['every field', { email: DROP, name: BIG, password: EMPTY_EQ }]
      ];
      for (const [what, form] of cases) {
        const client = createClient(athar.url);
        const html = await expectRefused(await client.request('/setup', { form }), 400, what);
        // Short values are put back into the form exactly, escaped (the page still parses them back).
        if (form.email!.length <= 500 && !form.email!.includes('\u0000'))
          expect(inputValue(html, 'email'), what).toBe(form.email);
        if (form.password) expect(html).not.toContain(form.password);
      }
      expect(await count(db, 'users')).toBe(0);
      expect((await createClient(athar.url).request('/setup')).status).toBe(200);
      await healthy(athar);
    });

    it('stores a valid, SQL-looking administrator verbatim', async () => {
      const client = createClient(athar.url);
      const res = await client.request('/setup', {
        form: { email: QUOTED_EMAIL, name: BOBBY, password: DROP }
      });
      expect(res.status).toBe(303);
      const who = await me(client);
      expect(await who.json()).toMatchObject({ email: QUOTED_EMAIL, name: BOBBY, role: 'admin' });
      expect(await db.query('select name, email from users')).toEqual([{ name: BOBBY, email: QUOTED_EMAIL }]);
      expect((await signIn(athar, QUOTED_EMAIL, DROP).then(me)).status).toBe(200);
      expect((await createClient(athar.url).request('/setup')).status).toBe(404);
    });
  });

  describe(`hostile input to forms (${dialect})`, () => {
    let athar: Instance;
    let db: TestDb;
    let admin: Client;
    let monaId: string;
    let users: number;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      await addUser(athar, 'alice@example.org', { name: 'Alice', role: 'admin' });
      [monaId] = await Promise.all([
        addUser(athar, 'mona@example.org', { name: 'Mona', role: 'reviewer' }),
        addUser(athar, 'pat@example.org', { name: 'Pat' }),
        addUser(athar, 'quinn@example.org', { name: 'Quinn' })
      ]);
      admin = await signIn(athar, 'alice@example.org');
      db = await openDb(athar);
      users = await count(db, 'users');
    });
    afterAll(async () => {
      await db?.close();
      await athar?.destroy();
    });

    /** Posts each case, expects the refusal, and checks that no row of any table moved. */
    async function refuseAll(
      client: Client,
      path: string,
      cases: Array<[string, Form]>,
      status: number
    ): Promise<void> {
      const before = await snapshot(db);
      for (const [what, form] of cases) {
        const session = client.cookies.get(SESSION_COOKIE);
        await expectRefused(await client.request(path, { form }), status, `${path} ${what}`, session);
      }
      expect(await snapshot(db)).toBe(before);
      await healthy(athar);
    }

    it('/login: hostile e-mails and passwords get the same 400 and sign no one in', async () => {
      const invalid = 'The e-mail or password is not correct.';
      const cases: Array<Form> = [
        ...HOSTILE.map((email) => ({ email, password: PASSWORD })),
        { email: "mona@example.org' --", password: 'anything at all' },
        { email: 'mona@example.org" OR ""="', password: 'anything at all' },
        ...[DROP, EMPTY_EQ, TAUTOLOGY].map((password) => ({ email: 'pat@example.org', password })),
        ...[BIG, NUL].map((password) => ({ email: 'quinn@example.org', password }))
      ];
      const before = await snapshot(db);
      for (const form of cases) {
        const what = `login ${label(form.email!)} / ${label(form.password!)}`;
        const html = await expectRefused(
          await createClient(athar.url).request('/login', { form }),
          400,
          what
        );
        expect(alertText(html), what).toBe(invalid);
      }
      // A file where a string belongs.
      const multipart = new FormData();
      multipart.set('email', 'mona@example.org');
      multipart.set('password', new Blob([PASSWORD]), 'password.txt');
      const file = await createClient(athar.url).request('/login', {
        method: 'POST',
        body: multipart,
        headers: { accept: 'text/html' }
      });
      expect(alertText(await expectRefused(file, 400, 'login with a file'))).toBe(invalid);

      expect(await snapshot(db)).toBe(before);
      await healthy(athar);
      for (const email of ['mona@example.org', 'pat@example.org', 'quinn@example.org'])
        expect((await me(await signIn(athar, email))).status).toBe(200);
    });

    it('/admin/users?/create: refuses hostile fields with 400 (409 for a taken e-mail), creating no one', async () => {
      const valid = (n: number): Form => ({
        email: `new${n}@example.org`,
        name: 'New',
        password: PASSWORD,
        role: 'reviewer'
      });
      let n = 0;
      const cases: Array<[string, Form]> = [
        ...HOSTILE.map((v): [string, Form] => [`email ${label(v)}`, { ...valid(n++), email: v }]),
        [`email with NUL`, { ...valid(n++), email: 'nul\u0000@example.org' }],
        ...[BIG, NUL, ''].map((v): [string, Form] => [`name ${label(v)}`, { ...valid(n++), name: v }]),
        ...[EMPTY_EQ, BIG, ''].map((v): [string, Form] => [
          `password ${label(v)}`,
          { ...valid(n++), password: v }
        ]),
        ...[...HOSTILE, '', 'superadmin', 'ADMIN'].map((v): [string, Form] => [
          `role ${label(v)}`,
          { ...valid(n++), role: v }
        ]),
        ['every field', { email: BIG, name: BIG, password: BIG, role: BIG }]
      ];
      await refuseAll(admin, '/admin/users?/create', cases, 400);
      await refuseAll(
        admin,
        '/admin/users?/create',
        [['a taken e-mail', { ...valid(n++), email: ' MONA@example.org ' }]],
        409
      );
    });

    it('/admin/users?/create: stores a valid, SQL-looking user verbatim', async () => {
      const res = await admin.request('/admin/users?/create', {
        form: { email: 'bobby.tables@example.org', name: BOBBY, password: DROP, role: 'observer' }
      });
      expect(res.status).toBe(200);
      expect(decodeEntities(await res.text())).toContain(BOBBY);
      const bobby = await signIn(athar, 'bobby.tables@example.org', DROP);
      expect(await (await me(bobby)).json()).toMatchObject({ name: BOBBY, role: 'observer' });
      expect(await count(db, 'users')).toBe(users + 1);
      users += 1;
    });

    it('/admin/users/<id>?/save: refuses hostile fields (400) and hostile ids (404), changing no one', async () => {
      const valid: Form = { name: 'Mona', role: 'reviewer' };
      await refuseAll(
        admin,
        `/admin/users/${monaId}?/save`,
        [
          ...[BIG, NUL, '', '   '].map((v): [string, Form] => [`name ${label(v)}`, { ...valid, name: v }]),
          ...[...HOSTILE, '', 'root'].map((v): [string, Form] => [`role ${label(v)}`, { ...valid, role: v }]),
          ['every field', { name: BIG, role: DROP, expert: BIG }]
        ],
        400
      );
      for (const id of [DROP, TAUTOLOGY, 'x'.repeat(10 * 1024), '\u0000', `${monaId}'--`]) {
        await refuseAll(
          admin,
          `/admin/users/${encodeURIComponent(id)}?/save`,
          [[`id ${label(id)}`, { name: 'Pwned', role: 'admin' }]],
          404
        );
        await refuseAll(
          admin,
          `/admin/users/${encodeURIComponent(id)}?/setDisabled`,
          [[`id ${label(id)}`, { disabled: 'true' }]],
          404
        );
      }
    });

    it('/admin/users/<id>?/save: stores a valid, SQL-looking name verbatim and nothing else', async () => {
      const res = await admin.request(`/admin/users/${monaId}?/save`, {
        form: { name: `${BOBBY} ${EMPTY_EQ}`, role: 'reviewer' }
      });
      expect(res.status).toBe(200);
      expect(await db.query('select name, role, email from users where id = ?', [monaId])).toEqual([
        { name: `${BOBBY} ${EMPTY_EQ}`, role: 'reviewer', email: 'mona@example.org' }
      ]);
      expect(await count(db, 'users')).toBe(users);
    });

    it('/admin/collections?/create: refuses hostile names (400), stores a valid SQL-looking one verbatim', async () => {
      await refuseAll(
        admin,
        '/admin/collections?/create',
        [BIG, NUL, '', '   ', 'tab\there'].map((v): [string, Form] => [`name ${label(v)}`, { name: v }]),
        400
      );
      const res = await admin.request('/admin/collections?/create', { form: { name: BOBBY } });
      expect(res.status).toBe(303);
      const location = res.headers.get('location') ?? '';
      expect(location).toMatch(/^\/admin\/collections\/[a-z2-7]{24}$/);
      const page = await admin.request(location);
      expect(page.status).toBe(200);
      expect(decodeEntities(await page.text())).toContain(`<h1>${BOBBY}</h1>`);
      expect(await db.query('select name from collections')).toEqual([{ name: BOBBY }]);
      await refuseAll(admin, '/admin/collections?/create', [['a taken name', { name: ` ${BOBBY} ` }]], 409);
    });

    it('/admin/collections/<id>: refuses hostile ids, e-mails and member ids, changing nothing', async () => {
      const [collection] = await db.query<{ id: string }>('select id from collections');
      for (const id of [DROP, 'x'.repeat(10 * 1024), '\u0000']) {
        const res = await admin.request(`/admin/collections/${encodeURIComponent(id)}`);
        await expectRefused(res, 404, `collection ${label(id)}`, admin.cookies.get(SESSION_COOKIE));
      }
      await refuseAll(
        admin,
        `/admin/collections/${collection!.id}?/add`,
        [...HOSTILE, "mona@example.org' --"].map((v): [string, Form] => [`email ${label(v)}`, { email: v }]),
        400
      );
      await refuseAll(
        admin,
        `/admin/collections/${collection!.id}?/remove`,
        HOSTILE.map((v): [string, Form] => [`userId ${label(v)}`, { userId: v }]),
        404
      );
    });

    it('/account?/createToken: refuses hostile labels (400), stores a valid SQL-looking one verbatim', async () => {
      const mona = await signIn(athar, 'mona@example.org');
      await refuseAll(
        mona,
        '/account?/createToken',
        [BIG, NUL, '', '   ', 'x'.repeat(101), 'bell\u0007'].map((v): [string, Form] => [
          `label ${label(v)}`,
          { label: v }
        ]),
        400
      );
      const res = await mona.request('/account?/createToken', { form: { label: DROP, password: PASSWORD } });
      expect(res.status).toBe(200);
      const token = /data-testid="new-token">([^<]+)</.exec(await res.text())?.[1];
      expect(token).toMatch(/^athar_[a-z2-7]{32}$/);
      const listed = await createClient(athar.url).request('/api/tokens', {
        headers: { authorization: `Bearer ${token}` }
      });
      expect(await listed.json()).toEqual([expect.objectContaining({ label: DROP, revokedAt: null })]);

      const [other] = await db.query<{ id: string }>(
        'select t.id from api_tokens t join users u on u.id = t.user_id where u.email = ?',
        ['mona@example.org']
      );
      const alicesToken = await admin.request('/api/tokens', {
        json: { label: 'alice', password: PASSWORD }
      });
      const { id: aliceTokenId } = (await alicesToken.json()) as { id: string };
      await refuseAll(
        mona,
        '/account?/revokeToken',
        [...HOSTILE, aliceTokenId, `${other!.id}' OR '1'='1`].map((v): [string, Form] => [
          `id ${label(v)}`,
          { id: v }
        ]),
        404
      );
    });

    it('keeps the server healthy and the users table whole', async () => {
      await healthy(athar);
      expect(await count(db, 'users')).toBe(users);
      const emails = (await db.query<{ email: string }>('select email from users order by email')).map(
        (r) => r.email
      );
      expect(emails).toEqual([
        'alice@example.org',
        'bobby.tables@example.org',
        'mona@example.org',
        'pat@example.org',
        'quinn@example.org'
      ]);
      expect((await me(admin)).status).toBe(200);
    });
  });
}
