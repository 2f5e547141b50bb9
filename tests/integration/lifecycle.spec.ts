import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { createClient } from '../helpers/http.ts';

/** Sends an upgrade request by hand and returns the status line of the answer. */
function upgradeStatus(url: string, path: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () =>
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n'
      )
    );
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

for (const dialect of DIALECTS) {
  describe(`server lifecycle (${dialect})`, () => {
    let athar: Instance;
    beforeAll(async () => {
      athar = await startInstance(dialect);
    });
    afterAll(() => athar.destroy());

    it('answers /healthz without auth', async () => {
      const res = await fetch(`${athar.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok' });
    });

    it('refuses websocket upgrades on paths no capability registered', async () => {
      expect(await upgradeStatus(athar.url, '/anything')).toBe('HTTP/1.1 404 Not Found');
      expect(await upgradeStatus(athar.url, '/collab/../etc')).toBe('HTTP/1.1 404 Not Found');
    });

    it('answers unknown API paths in the API error shape', async () => {
      const res = await fetch(`${athar.url}/api/nothing/here`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    });

    it('finishes an in-flight request on SIGTERM, then exits 0 and keeps what it wrote', async () => {
      const { hostname, port } = new URL(athar.url);
      const body = new URLSearchParams({
        email: 'first@example.org',
        name: 'First',
        password: 'correct horse battery'
      });
      const socket = net.connect(Number(port), hostname);
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString()));
      const answered = new Promise<void>((resolve) =>
        socket.on('data', () => /HTTP\/1\.1 [2-5]\d\d/.test(answer) && resolve())
      );
      // Headers first, with Expect: 100-continue: the server's "100 Continue" proves the request is
      // in flight on the server before the signal is sent; the body follows after the signal.
      socket.write(
        `POST /setup HTTP/1.1\r\nHost: ${hostname}:${port}\r\nOrigin: ${athar.url}\r\nAccept: text/html\r\n` +
          `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.toString().length}\r\n` +
          'Expect: 100-continue\r\n\r\n'
      );
      await new Promise<void>((resolve) =>
        socket.on('data', () => answer.includes('100 Continue') && resolve())
      );
      const exit = athar.stop('SIGTERM');
      // write, not end: a half-closed client socket would let the server drop the response.
      socket.write(body.toString());
      await answered;
      socket.destroy();
      expect(answer).toMatch(/HTTP\/1\.1 303 See Other/);
      expect(await exit).toBe(0);
      expect(athar.output()).toContain('[athar] stopped');

      await athar.start();
      expect((await createClient(athar.url).request('/setup')).status).toBe(404);
      expect((await athar.cli(['audit', 'verify'])).stdout).toMatch(/intact: 1 row/);
    });
  });
}
