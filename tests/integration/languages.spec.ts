/**
 * The interface language: the account's choice, else the cookie or Accept-Language, else English;
 * `<html lang dir>` set on the server; the switch remembers the choice on the account.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.ts';
import { createClient, signIn } from '../helpers/http.ts';
import { useWorld } from '../helpers/suite.ts';
import { addUser } from '../helpers/world.ts';

async function htmlTag(res: Response): Promise<string> {
  expect(res.status).toBe(200);
  return /<html[^>]*>/.exec(await res.text())?.[0] ?? '';
}

for (const dialect of DIALECTS) {
  describe(`languages (${dialect})`, () => {
    const suite = useWorld(dialect, async (athar) => {
      await addUser(athar, 'hanna@example.org', { name: 'Hanna Probe' });
      return {};
    });

    it('answers Accept-Language: de in German and ar right to left, else English', async () => {
      const client = createClient(suite.athar.url);
      const get = (language: string) =>
        client.request('/login', { headers: { 'accept-language': language } });
      const german = await get('de-DE,de;q=0.9,en;q=0.5');
      expect(await htmlTag(german)).toBe('<html lang="de" dir="ltr">');
      expect(await htmlTag(await get('ar-SY,ar;q=0.9'))).toBe('<html lang="ar" dir="rtl">');
      expect(await htmlTag(await get('fr-FR'))).toBe('<html lang="en" dir="ltr">');
    });

    it('remembers the switch on the account, over the browser language, after signing in elsewhere', async () => {
      const client = await signIn(suite.athar, 'hanna@example.org');
      const cross = await client.request('/language?to=ar&back=/', {
        headers: { 'sec-fetch-site': 'cross-site' }
      });
      expect(cross.status).toBe(303);
      const switched = await client.request('/language?to=de&back=/account', {
        headers: { 'sec-fetch-site': 'same-origin' }
      });
      expect(switched.status).toBe(303);
      expect(switched.headers.get('location')).toBe('/account');

      const elsewhere = await signIn(suite.athar, 'hanna@example.org');
      const page = await elsewhere.request('/account', { headers: { 'accept-language': 'ar' } });
      expect(await htmlTag(page)).toBe('<html lang="de" dir="ltr">');
    });
  });
}
