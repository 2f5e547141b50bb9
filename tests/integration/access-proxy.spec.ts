/**
 * Issue 13, point 4: behind a reverse proxy listed in TRUST_PROXY, the client's address is the
 * rightmost hop of X-Forwarded-For that is not a listed proxy: sign-in throttling counts per real
 * client (one guesser no longer locks out everybody behind the proxy) and audit rows record it.
 * Without TRUST_PROXY a forged X-Forwarded-For changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { query } from '../helpers/db.ts';
import { bearer, expectApiError, PASSWORD, rawRequest } from '../helpers/http.ts';
import { flatJpeg } from '../helpers/images.ts';
import { addMember, addPerson, addUser, ingestPhotos, type Person } from '../helpers/world.ts';

/** The per-address limit (throttle.ts ADDRESS_POLICY). */
const ADDRESS_LIMIT = 30;

const signInFrom = (athar: Instance, forwardedFor: string, email: string, password: string) =>
  rawRequest(athar, '/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ email, password })
  });

/** Fails ADDRESS_LIMIT sign-ins from one forwarded address, each for another unknown account. */
async function exhaustAddress(athar: Instance, forwardedFor: string): Promise<void> {
  for (let i = 0; i < ADDRESS_LIMIT; i++)
    await expectApiError(
      await signInFrom(athar, forwardedFor, `nobody${i}@example.org`, 'wrong password'),
      401,
      'unauthorized'
    );
}

const lastIp = async (athar: Instance, action: string) =>
  (
    await query<{ ip: string }>(athar, 'select ip from audit_log where action = ? order by seq desc', [
      action
    ])
  )[0]?.ip;

for (const dialect of DIALECTS) {
  describe(`TRUST_PROXY=127.0.0.1 (${dialect})`, () => {
    let athar: Instance;
    let coordinator: Person;

    beforeAll(async () => {
      athar = await startInstance(dialect, { TRUST_PROXY: '127.0.0.1, ::1' });
      await addUser(athar, 'kim@example.org');
      coordinator = await addPerson(athar, 'coordinator@example.org', 'coordinator');
    });
    afterAll(() => athar?.destroy());

    it('throttles two forwarded addresses separately and audits the forwarded one', async () => {
      await exhaustAddress(athar, '203.0.113.7');
      await expectApiError(
        await signInFrom(athar, '203.0.113.7', 'kim@example.org', PASSWORD),
        429,
        'too_many_requests'
      );
      expect(await lastIp(athar, 'auth.sign_in_throttled')).toBe('203.0.113.7');

      expect((await signInFrom(athar, '198.51.100.9', 'kim@example.org', PASSWORD)).status).toBe(200);
      expect(await lastIp(athar, 'auth.sign_in')).toBe('198.51.100.9');
    });

    it('takes the rightmost hop that is not a trusted proxy, never a forged one left of it', async () => {
      const res = await signInFrom(
        athar,
        '203.0.113.7, 198.51.100.20, 127.0.0.1',
        'kim@example.org',
        PASSWORD
      );
      expect(res.status).toBe(200);
      expect(await lastIp(athar, 'auth.sign_in')).toBe('198.51.100.20');
    });

    it('records the forwarded address for an upload (a request outside SvelteKit)', async () => {
      await ingestPhotos(athar, 'Case 4', 1);
      await addMember(athar, 'Case 4', coordinator.email);
      const [collection] = await query<{ id: string }>(
        athar,
        "select id from collections where name = 'Case 4'"
      );
      const res = await fetch(`${athar.url}/api/collections/${collection!.id}/uploads`, {
        method: 'POST',
        headers: { ...bearer(coordinator.token), 'x-file-name': 'new.jpg', 'x-forwarded-for': '192.0.2.44' },
        body: new Uint8Array(await flatJpeg(64, 48, { r: 1, g: 120, b: 200 }))
      });
      expect(res.status, await res.clone().text()).toBe(201);
      expect(await lastIp(athar, 'evidence.ingest')).toBe('192.0.2.44');
    });
  });

  describe(`without TRUST_PROXY (${dialect})`, () => {
    let athar: Instance;

    beforeAll(async () => {
      athar = await startInstance(dialect);
      await addUser(athar, 'kim@example.org');
    });
    afterAll(() => athar?.destroy());

    it('ignores a forged X-Forwarded-For: the address is the peer, and its limit holds', async () => {
      expect((await signInFrom(athar, '198.51.100.9', 'kim@example.org', PASSWORD)).status).toBe(200);
      expect(await lastIp(athar, 'auth.sign_in')).toBe('127.0.0.1');
      await exhaustAddress(athar, '203.0.113.7');
      // Another forged address does not escape the peer's lock.
      await expectApiError(
        await signInFrom(athar, '198.51.100.10', 'kim@example.org', PASSWORD),
        429,
        'too_many_requests'
      );
    });
  });
}
