/**
 * Load generator (its own process, so the server under test has its cores to itself as far as a
 * 2-core machine allows): `clients` WebsocketProviders, `perRoom` to a room, each writing its
 * timestamp (as text) into its own key of the page's `fields` map at `hz` — an edit the document
 * schema allows, so Athar's socket validates it as it would a real one; every other client of the
 * room records the delay it sees.
 * Every write sent inside the measured window counts, however late it arrives (the clients listen
 * for GRACE_MS after the window): `received` short of `expected` is a real loss, not the window's edge.
 * Sockets the server closes during the run are counted by close code (a client over a per-user or
 * per-connection budget is closed 1008; y-websocket reconnects it). Clients that do not all sync
 * within SYNC_BOUND_S make the run fail with how many did.
 * Prints one JSON line: { samples, p50, p99, sent, received, expected, closed }.
 */
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { PAGE_FIELDS } from '../../src/lib/model/transcription-schema.ts';
import { SYNC_BOUND_S, within } from './bounds.ts';
import type { LoadOptions } from './collab-world.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as LoadOptions & { warmup: number };
/** One text field of a page per client of a room (namesMentioned is a list, not text). */
const PAGE_TEXT_FIELDS = PAGE_FIELDS.filter((field) => field !== 'namesMentioned');
if (options.perRoom > PAGE_TEXT_FIELDS.length)
  throw new Error(`at most ${PAGE_TEXT_FIELDS.length} clients per room`);

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
const closed: Record<string, number> = {};
const clients = Array.from({ length: options.clients }, (_, i) => {
  const room = options.rooms[Math.floor(i / options.perRoom) % options.rooms.length] as string;
  const doc = new Y.Doc();
  const url = options.urls[i % options.urls.length] as string;
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: socketWith(options.tokens?.[i % options.tokens.length]),
    disableBc: true
  });
  // A null event is a close of the provider's own (its watchdog, destroy()), not the server's.
  provider.on('connection-close', (event: CloseEvent | null) => {
    if (event) closed[event.code] = (closed[event.code] ?? 0) + 1;
  });
  const map = doc.getMap<string>('fields');
  const key = PAGE_TEXT_FIELDS[i % options.perRoom] as string;
  map.observe((event) => {
    if (event.transaction.local) return;
    const now = performance.now();
    for (const changed of event.keysChanged) {
      if (changed === key) continue;
      const at = Number(map.get(changed));
      if (Number.isFinite(at) && inWindow(at)) {
        delays.push(now - at);
        received++;
      }
    }
  });
  return { i, provider, map, key };
});

let synced = 0;
await within(
  SYNC_BOUND_S,
  `syncing ${options.clients} clients`,
  Promise.all(
    clients.map((c) =>
      new Promise<void>((resolve) =>
        c.provider.synced ? resolve() : c.provider.once('sync', () => resolve())
      ).then(() => void synced++)
    )
  )
).catch((err: Error) => {
  console.error(
    `collab-load: ${err.message}; ${synced} of ${options.clients} synced, closed ${JSON.stringify(closed)}`
  );
  process.exit(1);
});

const timers = clients.map((c) =>
  setTimeout(
    () => {
      const interval = setInterval(() => {
        const now = performance.now();
        if (now >= windowEnd) return;
        c.map.set(c.key, String(now));
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
  JSON.stringify({ samples: delays.length, p50: at(0.5), p99: at(0.99), sent, received, expected, closed })
);
for (const c of clients) c.provider.destroy();
process.exit(0);
