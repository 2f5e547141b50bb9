/**
 * Load generator (its own process, so the server under test has its cores to itself as far as a
 * 2-core machine allows): `clients` WebsocketProviders, `perRoom` to a room, each writing its
 * timestamp into the room's map at `hz`; every other client of the room records the delay it sees.
 * Every write sent inside the measured window counts, however late it arrives (the clients listen
 * for GRACE_MS after the window): `received` short of `expected` is a real loss, not the window's edge.
 * Prints one JSON line: { samples, p50, p99, sent, received, expected }.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { LoadOptions } from './collab-world.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as LoadOptions & { warmup: number };

/** A WebSocket class presenting this token (the provider takes a class, not options). */
function socketWith(token: string | undefined): typeof globalThis.WebSocket {
  class AuthedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    }
  }
  return AuthedWebSocket as unknown as typeof globalThis.WebSocket;
}

// Each provider adds a process 'exit' listener: hundreds of clients are expected here.
process.setMaxListeners(0);
const GRACE_MS = 3000;
const delays: number[] = [];
let windowStart = Infinity;
let windowEnd = Infinity;
const inWindow = (at: number) => at >= windowStart && at < windowEnd;
let sent = 0;
let received = 0;
const clients = Array.from({ length: options.clients }, (_, i) => {
  const room = options.rooms[Math.floor(i / options.perRoom) % options.rooms.length] as string;
  const doc = new Y.Doc();
  const url = options.urls[i % options.urls.length] as string;
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: socketWith(options.tokens?.[i % options.tokens.length]),
    disableBc: true
  });
  const map = doc.getMap<number>('bench');
  map.observe((event) => {
    if (event.transaction.local) return;
    const now = performance.now();
    for (const key of event.keysChanged) {
      if (key === String(i)) continue;
      const at = map.get(key);
      if (typeof at === 'number' && inWindow(at)) {
        delays.push(now - at);
        received++;
      }
    }
  });
  return { i, provider, map };
});

await Promise.all(
  clients.map(
    (c) =>
      new Promise<void>((resolve) =>
        c.provider.synced ? resolve() : c.provider.once('sync', () => resolve())
      )
  )
);

const timers = clients.map((c) =>
  setTimeout(
    () => {
      const interval = setInterval(() => {
        const now = performance.now();
        if (now >= windowEnd) return;
        c.map.set(String(c.i), now);
        if (inWindow(now)) sent++;
      }, 1000 / options.hz);
      timers.push(interval);
    },
    Math.random() * (1000 / options.hz)
  )
);
await new Promise((resolve) => setTimeout(resolve, options.warmup * 1000));
windowStart = performance.now();
windowEnd = windowStart + options.seconds * 1000;
await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
for (const t of timers) clearTimeout(t);
await new Promise((resolve) => setTimeout(resolve, GRACE_MS));
delays.sort((a, b) => a - b);
const at = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))] ?? NaN;
const expected = sent * (options.perRoom - 1);
console.log(
  JSON.stringify({ samples: delays.length, p50: at(0.5), p99: at(0.99), sent, received, expected })
);
for (const c of clients) c.provider.destroy();
process.exit(0);
