/**
 * Real-time clients for integration tests: the stock `y-websocket` `WebsocketProvider` in Node, on a
 * `ws` WebSocket that sends the credentials a browser would (a bearer token, or the session cookie
 * with our Origin), and raw `ws` sockets for clients that misbehave on purpose.
 *
 * Every wait is event-driven with a deadline: a condition is checked at once and again on every
 * change of what it reads, and fails with a message naming what it waited for.
 */
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Instance } from './athar.ts';

export const WAIT_MS = 20_000;

/** How a client proves who it is on the upgrade request. */
export type CollabAuth = { token: string } | { cookie: string; origin: string } | Record<string, never>;

export function authHeaders(auth: CollabAuth): Record<string, string> {
  if ('token' in auth) return { authorization: `Bearer ${auth.token}` };
  if ('cookie' in auth) return { cookie: `athar_session=${auth.cookie}`, origin: auth.origin };
  return {};
}

/** `ws://127.0.0.1:<port>/collab`: the provider appends `/<room>`. */
export function collabUrl(athar: Instance): string {
  if (!athar.url) throw new Error('the server is not running');
  return `${athar.url.replace(/^http/, 'ws')}/collab`;
}

/** A WebSocket class for the provider's `WebSocketPolyfill`: `ws`, sending these headers. */
export function webSocketWith(headers: Record<string, string>): typeof globalThis.WebSocket {
  class WithHeaders extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  return WithHeaders as unknown as typeof globalThis.WebSocket;
}

export type CloseInfo = { code: number; reason: string };

export type Peer = {
  doc: Y.Doc;
  provider: WebsocketProvider;
  awareness: Awareness;
  /** How each of the provider's sockets ended (code, reason), in order; not the end `close()` causes. */
  closes: CloseInfo[];
  /** Ends the provider and its presence; the document is kept (it may be handed to a new peer). */
  close(): void;
};

/**
 * A provider on `/collab/<room>`. Pass `doc` to reconnect an existing document (it then re-sends
 * what the server lacks). BroadcastChannel is off: peers in one process must talk through the server.
 */
export function connect(athar: Instance, room: string, auth: CollabAuth, doc = new Y.Doc()): Peer {
  const provider = new WebsocketProvider(collabUrl(athar), room, doc, {
    WebSocketPolyfill: webSocketWith(authHeaders(auth)),
    disableBc: true,
    maxBackoffTime: 500
  });
  const closes: CloseInfo[] = [];
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  let closed = false;
  return {
    doc,
    provider,
    awareness: provider.awareness,
    closes,
    close() {
      if (closed) return;
      closed = true;
      provider.destroy();
      provider.awareness.destroy();
    }
  };
}

/** A provider that has finished its first sync with the server. */
export async function join(athar: Instance, room: string, auth: CollabAuth, doc?: Y.Doc): Promise<Peer> {
  const peer = connect(athar, room, auth, doc);
  try {
    await synced(peer);
  } catch (err) {
    peer.close();
    throw err;
  }
  return peer;
}

/**
 * Resolves once `check` returns true: checked now and after every event `subscribe` reports;
 * rejects after `timeoutMs`. `subscribe` returns its own unsubscribe.
 */
export function waitFor(
  what: string,
  check: () => boolean,
  subscribe: (onChange: () => void) => () => void,
  timeoutMs = WAIT_MS
): Promise<void> {
  return new Promise((resolve, reject) => {
    let unsubscribe = () => {};
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const onChange = () => {
      let done: boolean;
      try {
        done = check();
      } catch (err) {
        clearTimeout(timer);
        unsubscribe();
        return reject(err as Error);
      }
      if (!done) return;
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    unsubscribe = subscribe(onChange);
    onChange();
  });
}

export function synced(peer: Peer, timeoutMs = WAIT_MS): Promise<void> {
  return waitFor(
    `${peer.provider.roomname} to sync`,
    () => peer.provider.synced,
    (onChange) => {
      peer.provider.on('sync', onChange);
      return () => peer.provider.off('sync', onChange);
    },
    timeoutMs
  );
}

/** Waits until `predicate(doc)` holds; re-checked after every update of the document. */
export function docWhere(
  doc: Y.Doc,
  what: string,
  predicate: (doc: Y.Doc) => boolean,
  timeoutMs = WAIT_MS
): Promise<void> {
  return waitFor(
    what,
    () => predicate(doc),
    (onChange) => {
      doc.on('update', onChange);
      return () => doc.off('update', onChange);
    },
    timeoutMs
  );
}

/** Waits until `predicate(states)` holds for the peer's view of everyone's presence. */
export function awarenessWhere(
  peer: Peer,
  what: string,
  predicate: (states: Map<number, Record<string, unknown>>) => boolean,
  timeoutMs = WAIT_MS
): Promise<void> {
  return waitFor(
    what,
    () => predicate(peer.awareness.getStates() as Map<number, Record<string, unknown>>),
    (onChange) => {
      peer.awareness.on('change', onChange);
      return () => peer.awareness.off('change', onChange);
    },
    timeoutMs
  );
}

/**
 * The first end of one of the peer's sockets (already seen, or the next one): a close by the
 * server, or a dropped connection.
 */
export async function serverClose(peer: Peer, timeoutMs = WAIT_MS): Promise<CloseInfo> {
  await waitFor(
    `the server to close ${peer.provider.roomname}`,
    () => peer.closes.length > 0,
    (onChange) => {
      peer.provider.on('connection-close', onChange);
      return () => peer.provider.off('connection-close', onChange);
    },
    timeoutMs
  );
  return peer.closes[0] as CloseInfo;
}

/** Whether two documents hold the same state: the same items, the same deletions. */
export function sameState(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));
}

/**
 * The answer to an upgrade request with these headers: the HTTP status of a refusal, or 101 when
 * the socket opened (then closed at once).
 */
export function upgradeStatus(
  athar: Instance,
  path: string,
  headers: Record<string, string>,
  timeoutMs = WAIT_MS
): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${athar.url.replace(/^http/, 'ws')}${path}`, { headers });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no answer to the upgrade of ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    ws.on('unexpected-response', (_request, response) => {
      clearTimeout(timer);
      resolve(response.statusCode ?? 0);
      response.resume();
      ws.terminate();
    });
    ws.on('open', () => {
      clearTimeout(timer);
      resolve(101);
      ws.close();
    });
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export type RawSocket = {
  ws: WebSocket;
  /** Every binary message the server sent, in order. */
  messages: Uint8Array[];
  /** How the socket ended, as this end saw it. */
  closed: Promise<CloseInfo>;
};

/** A raw `ws` socket on `/collab/<room>`, open; it sends only what the test sends. */
export function rawSocket(
  athar: Instance,
  room: string,
  auth: CollabAuth,
  timeoutMs = WAIT_MS
): Promise<RawSocket> {
  const ws = new WebSocket(`${collabUrl(athar)}/${room}`, { headers: authHeaders(auth) });
  const messages: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => messages.push(new Uint8Array(data)));
  const closed = new Promise<CloseInfo>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`${room}: the socket did not open within ${timeoutMs} ms`));
    }, timeoutMs);
    // After the open, an error (a reset while sending, say) is followed by 'close', which tells.
    ws.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.once('open', () => {
      clearTimeout(timer);
      resolve({ ws, messages, closed });
    });
  });
}

/** Resolves with `promise`'s value, or rejects after `timeoutMs` naming what it waited for. */
export function within<T>(what: string, promise: Promise<T>, timeoutMs = WAIT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)),
        timeoutMs
      );
    })
  ]).finally(() => clearTimeout(timer));
}
