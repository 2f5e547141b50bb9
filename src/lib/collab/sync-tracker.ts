/**
 * An honest count of local changes the server has not yet received.
 *
 * The y-websocket protocol has no acknowledgement of updates, but the server answers every sync
 * step 1 with a sync step 2, handles one socket's messages in order, and holds each answer until
 * everything it applied before that step 1 is stored. So a step 1 we send after our updates is
 * answered only once the server has stored them: a "sync round". Every local
 * transaction gets a sequence number; a round carries the highest number sent before it, and its
 * answer acknowledges everything up to that number.
 *
 * - The provider's own step 1 on opening a socket is answered before the server has seen what we
 *   changed offline (that travels in our answer to the server's step 1), so its answer
 *   acknowledges nothing. Our first round goes out right after the server's step 1 has been
 *   answered.
 * - Answers are matched to rounds first in, first out; a closed socket forgets its rounds.
 * - A read-only connection (observer) has its updates dropped by the server: nothing is ever
 *   acknowledged there.
 * - Changes made before a reload (kept in IndexedDB) are `carried`: they are acknowledged by the
 *   first round after the next connection, whose opening exchange sent everything the server
 *   lacked. Connect the provider only once IndexedDB has loaded, so that this holds.
 * - "Received" means stored in the server's database: a crash after the answer loses nothing, so
 *   the offline copy may forget an edit once it is received.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

const MESSAGE_SYNC = 0;
const ROUND_DELAY_MS = 150;

export type ConnectionStatus = 'connected' | 'connecting' | 'offline';

/** The parts of y-websocket's `WebsocketProvider` this needs. */
export type ProviderLike = {
  ws: WebSocket | null;
  wsconnected: boolean;
  on(event: 'status', fn: (event: { status: 'connected' | 'connecting' | 'disconnected' }) => void): void;
  off(event: 'status', fn: (event: { status: 'connected' | 'connecting' | 'disconnected' }) => void): void;
  on(event: 'connection-close' | 'closed', fn: () => void): void;
  off(event: 'connection-close' | 'closed', fn: () => void): void;
};

export type SyncState = { status: ConnectionStatus; unsynced: number };

export type SyncTrackerOptions = {
  readOnly: boolean;
  /** Is a transaction with this origin a change made here (not loaded, not received)? */
  isLocal(origin: unknown): boolean;
  /** Unacknowledged changes left from an earlier page (see the header). */
  carried?: number;
  onChange(state: SyncState): void;
};

export type SyncTracker = { readonly state: SyncState; destroy(): void };

export function trackSync(provider: ProviderLike, doc: Y.Doc, options: SyncTrackerOptions): SyncTracker {
  let seq = 0;
  /** Sequence numbers of local transactions not yet acknowledged (0: carried from earlier). */
  let pending: number[] = Array.from({ length: Math.max(0, options.carried ?? 0) }, () => 0);
  /** Rounds in flight on the current socket, oldest first: what each answer acknowledges. */
  let rounds: Array<number | null> = [];
  /** The server's step 1 has been seen on the current socket: our updates flow. */
  let exchanged = false;
  let closedSinceConnected = false;
  let socket: WebSocket | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let destroyed = false;
  const state: SyncState = { status: 'connecting', unsynced: pending.length };

  function publish() {
    const status: ConnectionStatus =
      provider.wsconnected && exchanged ? 'connected' : closedSinceConnected ? 'offline' : 'connecting';
    if (status === state.status && pending.length === state.unsynced) return;
    state.status = status;
    state.unsynced = pending.length;
    options.onChange({ ...state });
  }

  function sendRound() {
    timer = null;
    const ws = provider.ws;
    if (destroyed || options.readOnly || !exchanged || !ws || ws !== socket || ws.readyState !== ws.OPEN)
      return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(encoder, doc);
    rounds.push(seq);
    ws.send(encoding.toUint8Array(encoder));
  }

  function scheduleRound() {
    if (timer === null && !options.readOnly) timer = setTimeout(sendRound, ROUND_DELAY_MS);
  }

  /** The socket each message came from, by its own listener: not `event.currentTarget`, which
   * some WebSocket implementations (Node's) leave unset while listeners run. */
  const listenTo = (ws: WebSocket) => (event: MessageEvent) => onMessage(ws, event);
  let listener: ((event: MessageEvent) => void) | null = null;

  function onMessage(from: WebSocket, event: MessageEvent) {
    if (from !== socket || !(event.data instanceof ArrayBuffer)) return;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(event.data));
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      const type = decoding.readVarUint(decoder);
      if (type === syncProtocol.messageYjsSyncStep1) {
        // The provider answers this step 1 (with what the server lacks) in its own handler, which
        // runs first; our round goes out after that answer.
        exchanged = true;
        publish();
        if (pending.length > 0) scheduleRound();
      } else if (type === syncProtocol.messageYjsSyncStep2) {
        const acknowledged = rounds.shift();
        if (acknowledged !== undefined && acknowledged !== null && !options.readOnly) {
          pending = pending.filter((n) => n > acknowledged);
          publish();
        }
      }
    } catch {
      // A message we cannot read is the provider's business; counting stays conservative.
    }
  }

  function attach() {
    const ws = provider.ws;
    if (ws === socket) return;
    if (listener) socket?.removeEventListener('message', listener);
    socket = ws;
    exchanged = false;
    // The provider sends its own step 1 when this socket opens: its answer acknowledges nothing.
    rounds = [null];
    listener = ws ? listenTo(ws) : null;
    if (ws && listener) ws.addEventListener('message', listener);
  }

  const onStatus = (event: { status: 'connected' | 'connecting' | 'disconnected' }) => {
    if (event.status === 'connecting') attach();
    if (event.status === 'disconnected') {
      exchanged = false;
      rounds = [];
    }
    publish();
  };
  const onClose = () => {
    closedSinceConnected = true;
    exchanged = false;
    rounds = [];
    publish();
  };
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (!options.isLocal(origin)) return;
    seq += 1;
    pending.push(seq);
    publish();
    scheduleRound();
  };
  const onConnected = (event: { status: 'connected' | 'connecting' | 'disconnected' }) => {
    if (event.status === 'connected') closedSinceConnected = false;
  };

  provider.on('status', onConnected);
  provider.on('status', onStatus);
  provider.on('connection-close', onClose);
  doc.on('update', onUpdate);
  attach();
  publish();

  return {
    state,
    destroy() {
      destroyed = true;
      if (timer) clearTimeout(timer);
      if (listener) socket?.removeEventListener('message', listener);
      provider.off('status', onConnected);
      provider.off('status', onStatus);
      provider.off('connection-close', onClose);
      doc.off('update', onUpdate);
    }
  };
}
