import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { createClient } from '../helpers/http.ts';

for (const dialect of DIALECTS) {
  describe(`first-run setup (${dialect})`, () => {
    let athar: Instance;
    beforeAll(async () => {
      athar = await startInstance(dialect);
    });
    afterAll(() => athar.destroy());

    it('sends everyone to /setup while no user exists', async () => {
      const client = createClient(athar.url);
      const home = await client.request('/');
      expect(home.status).toBe(303);
      expect(home.headers.get('location')).toBe('/setup');
      expect((await client.request('/login')).headers.get('location')).toBe('/setup');
      expect((await client.request('/setup')).status).toBe(200);
    });

    it('refuses a weak first admin and changes nothing', async () => {
      const client = createClient(athar.url);
      const res = await client.request('/setup', {
        form: { email: 'a@example.org', name: 'A', password: 'short' }
      });
      expect(res.status).toBe(400);
      expect((await client.request('/setup')).status).toBe(200);
    });

    it('creates the administrator once, signs them in, then /setup is gone', async () => {
      const client = createClient(athar.url);
      const res = await client.request('/setup', {
        form: { email: 'Admin@Example.org', name: 'Ada', password: 'correct horse battery' }
      });
      expect(res.status).toBe(303);
      const me = await client.request('/api/me');
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({
        email: 'admin@example.org',
        name: 'Ada',
        role: 'admin',
        expert: false
      });

      const second = createClient(athar.url);
      expect((await second.request('/setup')).status).toBe(404);
      const again = await second.request('/setup', {
        form: { email: 'mallory@example.org', name: 'M', password: 'correct horse battery' }
      });
      expect(again.status).toBe(404);
      const signIn = await second.request('/api/session', {
        json: { email: 'mallory@example.org', password: 'correct horse battery' }
      });
      expect(signIn.status).toBe(401);
    });
  });
}
