import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createUpgradeRouter } from '../../src/lib/server/http/upgrade.ts';

describe('upgrade router', () => {
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true });
  let base: string;

  beforeAll(async () => {
    const router = createUpgradeRouter();
    router.register('/echo/', (req, socket, head) =>
      wss.handleUpgrade(req, socket, head, (ws) => ws.on('message', (m) => ws.send(m)))
    );
    router.register('/broken/', () => {
      throw new Error('handler bug');
    });
    server.on('upgrade', router.handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  function connect(path: string): Promise<{ ws: WebSocket; status?: number }> {
    return new Promise((resolve) => {
      const ws = new WebSocket(base + path);
      ws.once('open', () => resolve({ ws }));
      ws.once('unexpected-response', (_req, res) => resolve({ ws, status: res.statusCode }));
      ws.once('error', () => {});
    });
  }

  it('hands registered paths to their capability', async () => {
    const { ws } = await connect('/echo/room-1');
    const echoed = new Promise((resolve) => ws.once('message', (m) => resolve(m.toString())));
    ws.send('hello');
    expect(await echoed).toBe('hello');
    ws.close();
  });

  it('refuses unknown paths before any socket opens', async () => {
    expect((await connect('/nope')).status).toBe(404);
    expect((await connect('/echo')).status).toBe(404);
  });

  it('answers 500 when a handler throws, and keeps serving', async () => {
    expect((await connect('/broken/x')).status).toBe(500);
    const { ws } = await connect('/echo/again');
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('only takes /…/ prefixes', () => {
    expect(() => createUpgradeRouter().register('collab', () => {})).toThrow();
  });
});
