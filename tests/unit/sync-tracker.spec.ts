/**
 * The unsynced count against a scripted y-websocket server in memory: the stock provider talks to a
 * fake socket whose server answers like ours (step 1 on open, step 2 for every step 1, updates of
 * read-only clients dropped), and whose answers can be held back to stand for a slow network.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { trackSync, type SyncState } from '../../src/lib/collab/sync-tracker.ts';

class Server {
  doc = new Y.Doc();
  up = true;
  readOnly = false;
  holding = false;
  held: Array<() => void> = [];
  /** Sync rounds (step 1s) and document updates received, dropped or not. */
  rounds = 0;
  updates = 0;
  sockets = new Set<FakeSocket>();

  toClient(socket: FakeSocket, message: Uint8Array) {
    const deliver = () => socket.deliver(message);
    if (this.holding) this.held.push(deliver);
    else setTimeout(deliver, 1);
  }

  release() {
    this.holding = false;
    for (const deliver of this.held.splice(0)) setTimeout(deliver, 1);
  }

  open(socket: FakeSocket) {
    this.sockets.add(socket);
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0);
    syncProtocol.writeSyncStep1(encoder, this.doc);
    this.toClient(socket, encoding.toUint8Array(encoder));
  }

  receive(socket: FakeSocket, data: Uint8Array) {
    const decoder = decoding.createDecoder(data);
    if (decoding.readVarUint(decoder) !== 0) return; // awareness: not this test's business
    const type = decoding.readVarUint(decoder);
    if (type === syncProtocol.messageYjsSyncStep1) {
      this.rounds += 1;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeSyncStep2(encoder, this.doc, decoding.readVarUint8Array(decoder));
      this.toClient(socket, encoding.toUint8Array(encoder));
    } else {
      this.updates += 1;
      if (!this.readOnly) Y.applyUpdate(this.doc, decoding.readVarUint8Array(decoder), 'client');
    }
  }

  drop() {
    for (const socket of this.sockets) socket.serverClose();
    this.sockets.clear();
  }
}

let server = new Server();

class FakeSocket extends EventTarget {
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;
  binaryType = 'arraybuffer';
  readyState = 0;
  onopen: ((e: Event) => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  onerror: ((e: Event) => void) | null = null;
  #server = server;

  constructor() {
    super();
    setTimeout(() => {
      if (this.readyState !== 0) return;
      if (!this.#server.up) return this.serverClose();
      this.readyState = 1;
      this.onopen?.(new Event('open'));
      this.#server.open(this);
    }, 1);
  }

  send(data: Uint8Array) {
    if (this.readyState !== 1) return;
    const copy = new Uint8Array(data);
    setTimeout(() => this.readyState === 1 && this.#server.receive(this, copy), 1);
  }

  deliver(message: Uint8Array) {
    if (this.readyState !== 1) return;
    const event = new MessageEvent('message', { data: message.slice().buffer });
    this.onmessage?.(event);
    this.dispatchEvent(event);
  }

  serverClose() {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code: 1006, reason: '' });
  }

  close() {
    this.readyState = 3;
  }
}

function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      if (check()) return resolve();
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 5);
    };
    tick();
  });
}

const LOCAL = { local: true };
const opened: Array<{ destroy(): void }> = [];

function client(options: { readOnly?: boolean; carried?: number; doc?: Y.Doc } = {}) {
  const doc = options.doc ?? new Y.Doc();
  const provider = new WebsocketProvider('ws://test/collab', 'item/x', doc, {
    connect: false,
    disableBc: true,
    maxBackoffTime: 20,
    WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket
  });
  const seen: SyncState[] = [];
  const tracker = trackSync(provider, doc, {
    readOnly: options.readOnly ?? false,
    isLocal: (origin) => origin !== provider,
    carried: options.carried,
    onChange: (state) => seen.push(state)
  });
  const edit = (key: string, value: string) => doc.transact(() => doc.getMap('m').set(key, value), LOCAL);
  const handle = {
    doc,
    provider,
    tracker,
    seen,
    edit,
    destroy() {
      tracker.destroy();
      provider.destroy();
    }
  };
  opened.push(handle);
  return handle;
}

afterEach(() => {
  for (const h of opened.splice(0)) h.destroy();
  server = new Server();
});

describe('unsynced changes', () => {
  it('counts local changes until a sync round shows the server has them', async () => {
    const c = client();
    c.provider.connect();
    await until(() => c.tracker.state.status === 'connected', 'connected');
    expect(c.tracker.state.unsynced).toBe(0);

    server.holding = true; // the server applies our updates but its answers are slow
    c.edit('a', '1');
    c.edit('b', '2');
    c.edit('c', '3');
    expect(c.tracker.state.unsynced).toBe(3);
    await until(() => server.doc.getMap('m').size === 3, 'the server to apply the updates');
    await until(() => server.held.length > 0, 'the round to go out (its answer is held)');
    expect(c.tracker.state.unsynced).toBe(3);

    server.release();
    await until(() => c.tracker.state.unsynced === 0, 'the count to drop');
    expect(server.doc.getMap('m').toJSON()).toEqual({ a: '1', b: '2', c: '3' });
  });

  it('does not count what colleagues change', async () => {
    const c = client();
    c.provider.connect();
    await until(() => c.tracker.state.status === 'connected', 'connected');
    const other = new Y.Doc();
    other.getMap('m').set('x', 'from a colleague');
    Y.applyUpdate(c.doc, Y.encodeStateAsUpdate(other), c.provider);
    expect(c.tracker.state.unsynced).toBe(0);
  });

  it('keeps counting while offline and clears once the reconnected server has everything', async () => {
    server.up = false;
    const c = client();
    c.provider.connect();
    await until(() => c.tracker.state.status === 'offline', 'offline');
    c.edit('a', 'offline 1');
    c.edit('b', 'offline 2');
    expect(c.tracker.state.unsynced).toBe(2);

    server.up = true;
    await until(() => c.tracker.state.status === 'connected', 'reconnected', 10_000);
    await until(() => c.tracker.state.unsynced === 0, 'the count to drop');
    expect(server.doc.getMap('m').toJSON()).toEqual({ a: 'offline 1', b: 'offline 2' });
  });

  it('counts again after the connection drops mid-way, and clears after reconnecting', async () => {
    const c = client();
    c.provider.connect();
    await until(() => c.tracker.state.status === 'connected', 'connected');
    server.holding = true;
    c.edit('a', '1');
    await until(() => server.held.length > 0, 'the round to go out (its answer is held)');
    server.held.length = 0; // the answer is lost with the connection
    server.holding = false;
    server.drop();
    await until(() => c.tracker.state.status !== 'connected', 'the drop to be seen');
    expect(c.tracker.state.unsynced).toBe(1);
    await until(() => c.tracker.state.status === 'connected', 'reconnected', 10_000);
    await until(() => c.tracker.state.unsynced === 0, 'the count to drop');
  });

  it('acknowledges changes carried from an earlier page only after the next full exchange', async () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('kept', 'in IndexedDB'); // as if loaded from the offline copy
    const c = client({ carried: 1, doc });
    expect(c.tracker.state.unsynced).toBe(1);
    c.provider.connect();
    await until(() => c.tracker.state.unsynced === 0, 'the carried change to be acknowledged');
    expect(server.doc.getMap('m').get('kept')).toBe('in IndexedDB');
  });

  it('never acknowledges the changes of a read-only connection (the server drops them)', async () => {
    server.readOnly = true;
    const c = client({ readOnly: true });
    c.provider.connect();
    await until(() => c.tracker.state.status === 'connected', 'connected');
    const roundsBefore = server.rounds;
    c.edit('a', 'dropped');
    await until(() => server.updates > 0, 'the server to receive (and drop) the update');
    expect(server.rounds).toBe(roundsBefore); // no round asks for a receipt that cannot come
    expect(c.tracker.state.unsynced).toBe(1);
    expect(server.doc.getMap('m').size).toBe(0);
  });
});
