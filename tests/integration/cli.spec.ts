import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';

for (const dialect of DIALECTS) {
  describe(`athar CLI (${dialect})`, () => {
    let athar: Instance;
    beforeAll(async () => {
      athar = await createInstance(dialect);
      await athar.start();
    });
    afterAll(() => athar.destroy());

    it('migrates idempotently', async () => {
      const first = await athar.cli(['migrate']);
      const second = await athar.cli(['migrate']);
      expect([first.code, second.code]).toEqual([0, 0]);
    });

    it('adds users with the password from stdin, and refuses bad input with exit 2', async () => {
      const ok = await athar.cli(
        ['user', 'add', 'doc@example.org', '--name', 'Dr Rania', '--role', 'reviewer', '--expert'],
        'a long password\n'
      );
      expect(ok.code).toBe(0);
      expect(ok.stdout).toContain('created reviewer doc@example.org');

      const cases: [string[], string, RegExp][] = [
        [
          ['user', 'add', 'doc@example.org', '--name', 'Again', '--role', 'reviewer'],
          'a long password\n',
          /already exists/
        ],
        [
          ['user', 'add', 'x@example.org', '--name', 'X', '--role', 'superuser'],
          'a long password\n',
          /--role/
        ],
        [['user', 'add', 'x@example.org', '--name', 'X', '--role', 'observer'], 'short\n', /at least 10/],
        [['user', 'add', 'not-an-email', '--name', 'X', '--role', 'observer'], 'a long password\n', /e-mail/],
        [['user', 'add', 'x@example.org', '--role', 'observer'], 'a long password\n', /--name/],
        [
          ['user', 'add', 'x@example.org', '--name', 'X', '--role', 'observer', '--bogus'],
          'a long password\n',
          /bogus/
        ]
      ];
      for (const [args, stdin, message] of cases) {
        const result = await athar.cli(args, stdin);
        expect(result.code, args.join(' ')).toBe(2);
        expect(result.stderr).toMatch(message);
      }
    });

    it('creates tokens that work against the running server', async () => {
      const result = await athar.cli(['token', 'create', 'doc@example.org', '--label', 'scripts']);
      expect(result.code).toBe(0);
      const token = result.stdout.trim().split('\n').at(-1) ?? '';
      expect(token).toMatch(/^athar_[a-z2-7]{32}$/);
      const me = await fetch(`${athar.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(await me.json()).toEqual({
        id: expect.any(String),
        email: 'doc@example.org',
        name: 'Dr Rania',
        role: 'reviewer',
        expert: true
      });
      expect((await athar.cli(['token', 'create', 'ghost@example.org'])).code).toBe(2);
    });

    it('creates collections and adds members', async () => {
      expect((await athar.cli(['collection', 'create', 'Sednaya 2013'])).code).toBe(0);
      expect((await athar.cli(['collection', 'create', 'Sednaya 2013'])).code).toBe(2);
      const added = await athar.cli(['member', 'add', 'Sednaya 2013', 'doc@example.org']);
      expect(added.code).toBe(0);
      expect((await athar.cli(['member', 'add', 'No such', 'doc@example.org'])).code).toBe(2);
      expect((await athar.cli(['member', 'add', 'Sednaya 2013', 'ghost@example.org'])).code).toBe(2);
    });

    it('prints usage for unknown commands', async () => {
      const result = await athar.cli(['frobnicate']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('usage: athar');
    });

    it('verifies the audit chain those commands wrote', async () => {
      const result = await athar.cli(['audit', 'verify']);
      expect(result.code).toBe(0);
      // user.create, token.create, collection.create, membership.add
      expect(result.stdout).toMatch(/intact: 4 row/);
    });
  });
}
