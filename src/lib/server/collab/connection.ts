/**
 * One client of a room, speaking the y-websocket protocol (y-protocols sync and awareness).
 *
 * Invariants:
 * - Nothing is answered before the room is loaded; messages that arrive earlier wait in order (up
 *   to a bound: past it the client is closed, 1008).
 * - A sync step 2 answers a step 1 only once everything the room applied before that step 1 is
 *   stored: the client's tracker takes that answer as the receipt of its edits, so a receipt never
 *   covers an edit a crash could still lose. Answers keep the order of their step 1s.
 * - A client's document update goes through the core's `receive` (validation, quotas) before it
 *   reaches the room; a refused one closes the sender with the refusal's code. A read-only
 *   connection (observer) may publish presence, but its document updates are dropped.
 * - A connection may publish presence only for a few client ids of its own; announcing more new
 *   ids (an awareness flood) closes it (1008). Entries for ids that have a state and that this
 *   connection does not own (the stock client echoes everyone's presence) are dropped, and only
 *   presence a connection publishes counts against its rate. An id whose connection left can be
 *   taken again with a newer clock (its provider reconnected).
 * - Whatever waits in the socket's send buffer is bounded: a client that stops reading is closed
 *   (1013), never buffered for without limit.
 * - A malformed message closes this connection (1007) and nothing else: the room lives on.
 */
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import { applyAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as sync from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Role } from '../../model/roles.ts';
import type { Refusal } from './hooks.ts';
import { budget, type Budget, type CollabLimits } from './limits.ts';
import {
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  awarenessMessage,
  decodeAwareness,
  encodeAwareness,
  syncStep1Message,
  syncStep2Message,
  type AwarenessEntry
} from './messages.ts';
import type { AwarenessOrigin, UpdateOrigin } from './origins.ts';
import type { Room } from './room.ts';

const MAX_CLIENT_IDS = 4;
/** A closed slow reader gets this long to take its close frame before its socket is cut. */
const CLOSE_GRACE_MS = 1000;

/** `presence: false` hides this connection's presence (admins looking into a blind layer). */
export type Grant = {
  userId: string;
  name: string;
  readOnly: boolean;
  presence?: boolean;
  role?: Role;
  expert?: boolean;
};

export type ConnectionContext = {
  limits: CollabLimits;
  /** Checks a client's update and applies it to the room; a refusal is returned, not applied. */
  receive(room: Room, connection: Connection, update: Uint8Array): Refusal | null;
  /** The presence budget shared by all of a user's connections. */
  spendPresence(userId: string): boolean;
  /** After the connection's socket closed and it left its room (once per connection). */
  left(room: Room, connection: Connection): void;
  log(message: string): void;
};

class PolicyViolation extends Error {}

/** Step 2 answers chain from here while none waits (shared: most connections never wait). */
const SETTLED: Promise<void> = Promise.resolve();

/**
 * A connection's state lives in fields and its behaviour in shared methods, not in closures made per
 * connection (a server holds hundreds open). `context` is the server's, shared by all of them.
 */
export class Connection {
  readonly ws: WebSocket;
  readonly grant: Grant;
  readonly origin: UpdateOrigin & { kind: 'client' };
  readonly awarenessOrigin: AwarenessOrigin & { kind: 'client' };
  readonly #room: Room;
  readonly #context: ConnectionContext;
  /**
   * The presence ids this connection owns (at most MAX_CLIENT_IDS: a list is enough). Replaced, not
   * pushed to, when one is added: a push grows an array to 17 slots, paid by every open socket.
   */
  #clientIds: readonly number[] = [];
  readonly #presenceRate: Budget;
  /** Step 2 answers waiting for their receipt (see the header), in order. */
  #answers: Promise<void> = SETTLED;
  #answering = 0;
  /** Messages that came before the room loaded, in order; null once it has. */
  #early: Uint8Array[] | null = null;
  #earlyBytes = 0;
  #loaded = false;

  constructor(room: Room, ws: WebSocket, grant: Grant, context: ConnectionContext) {
    this.ws = ws;
    this.grant = grant;
    this.origin = { kind: 'client', userId: grant.userId, connection: ws };
    // One object serves as both origins (it has the shape of each): one fewer per connection.
    this.awarenessOrigin = this.origin;
    this.#room = room;
    this.#context = context;
    this.#presenceRate = budget(context.limits.presencePerSecond, 1000);
  }

  /** Owns this presence id. */
  owns(clientId: number): boolean {
    return this.#clientIds.includes(clientId);
  }

  send(message: Uint8Array): void {
    const ws = this.ws;
    if (ws.readyState !== ws.OPEN) return;
    if (ws.bufferedAmount + message.byteLength > this.#context.limits.sendBufferBytes) {
      this.#log(`slow reader ${this.grant.userId}: ${ws.bufferedAmount} bytes unsent, closing`);
      this.close(1013, 'too slow: send buffer full');
      setTimeout(terminate, CLOSE_GRACE_MS, ws).unref();
      return;
    }
    ws.send(message, (err) => {
      if (err) ws.terminate();
    });
  }

  close(code: number, reason: string): void {
    const ws = this.ws;
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
  }

  /** Joins the room and listens to the socket; answers once the room is loaded. */
  attach(): void {
    const room = this.#room;
    // Joined at once (so the room cannot unload under a connection still waiting for the load);
    // answered only once the room is loaded.
    room.connections.add(this);
    this.ws.on('error', this.#onError);
    this.ws.on('message', this.#onMessage);
    this.ws.on('close', this.#onClose);
    room.ready.then(
      () => this.#onLoaded(),
      (err: Error) => {
        this.#log(`cannot load: ${err.message}`);
        this.close(1011, 'room unavailable');
      }
    );
  }

  #log(message: string): void {
    this.#context.log(`${this.#room.name}: ${message}`);
  }

  #onLoaded(): void {
    const ws = this.ws;
    const room = this.#room;
    if (ws.readyState !== ws.OPEN) return;
    this.#loaded = true;
    this.send(syncStep1Message(room.doc));
    const states = [...room.awareness.getStates().keys()];
    if (states.length > 0) this.send(awarenessMessage(room.awareness, states));
    const early = this.#early;
    this.#early = null;
    for (const data of early ?? [])
      this.#onMessage(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }

  // Socket listeners, one of each per connection (arrow fields: `ws` calls them with itself as `this`).
  readonly #onMessage = (raw: unknown, isBinary = true) => {
    const data = raw instanceof Buffer ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : null;
    if (!data || !isBinary) return this.close(1003, 'binary messages only');
    if (!this.#loaded) {
      this.#earlyBytes += data.byteLength;
      if (this.#earlyBytes > this.#context.limits.messageBytes)
        return this.close(1008, 'too much sent before the room loaded');
      (this.#early ??= []).push(data);
      return;
    }
    if (this.ws.readyState !== this.ws.OPEN) return; // closed by an earlier message (a refusal): ignore the rest
    try {
      this.#handle(data);
    } catch (err) {
      const policy = err instanceof PolicyViolation;
      this.#log(
        `${policy ? 'policy violation' : 'malformed message'} from ${this.grant.userId}: ${(err as Error).message}`
      );
      this.close(policy ? 1008 : 1007, policy ? (err as Error).message : 'malformed message');
    }
  };

  readonly #onError = (err: Error) => {
    this.#log(`socket error from ${this.grant.userId}: ${err.message}`);
  };

  readonly #onClose = () => {
    const room = this.#room;
    room.connections.delete(this);
    if (this.#clientIds.length > 0)
      removeAwarenessStates(room.awareness, [...this.#clientIds], this.awarenessOrigin);
    this.#context.left(room, this);
  };

  #handle(data: Uint8Array): void {
    const room = this.#room;
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const syncType = decoding.readVarUint(decoder);
      if (syncType === sync.messageYjsSyncStep1) {
        this.#answerStep1(decoding.readVarUint8Array(decoder));
      } else if (syncType === sync.messageYjsSyncStep2 || syncType === sync.messageYjsUpdate) {
        const update = decoding.readVarUint8Array(decoder);
        if (this.grant.readOnly) return;
        const refusal = this.#context.receive(room, this, update);
        if (refusal?.resync) this.send(syncStep1Message(room.doc));
        else if (refusal) this.close(refusal.code, refusal.reason);
      } else {
        throw new Error(`unknown sync message ${syncType}`);
      }
    } else if (type === MESSAGE_AWARENESS) {
      this.#handlePresence(decoding.readVarUint8Array(decoder));
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      this.send(awarenessMessage(room.awareness, [...room.awareness.getStates().keys()]));
    } else {
      throw new Error(`unknown message type ${type}`);
    }
  }

  #answerStep1(stateVector: Uint8Array): void {
    const room = this.#room;
    // Read now, whether the answer goes out now or later: a malformed vector is then refused here
    // (1007, by #onMessage). Read only inside the deferred answer, it threw where nothing caught it,
    // and the unhandled rejection ended the process with every room on it.
    Y.decodeStateVector(stateVector);
    const stored = room.whenStored();
    if (!stored && this.#answering === 0) return this.send(syncStep2Message(room.doc, stateVector));
    this.#answering += 1;
    this.#answers = this.#answers
      .then(() => stored)
      .then(() => this.send(syncStep2Message(room.doc, stateVector)))
      .catch((err: Error) => {
        // Whatever else fails in the wait costs this connection its answer, never the process.
        this.#log(`sync step 2 for ${this.grant.userId} failed: ${err.message}`);
        this.close(1011, 'could not answer');
      })
      .finally(() => {
        // The last answer waiting was sent: the chain starts afresh (nothing is held per connection).
        if (--this.#answering === 0) this.#answers = SETTLED;
      });
  }

  /**
   * A presence id this connection may take: one with no current state, owned by no other
   * connection, announced with a newer clock than the room has seen. The room remembers the clock
   * of every id that left (the meta of its awareness), so a provider that reconnects after a
   * network blip (same document, same id) takes its id back with its next change, while the stale
   * echo of someone's last state (an older clock) takes nothing.
   */
  #claimable(entry: AwarenessEntry): boolean {
    const room = this.#room;
    if (entry.state === 'null' || room.awareness.states.has(entry.id)) return false;
    const known = room.awareness.meta.get(entry.id);
    if (known && entry.clock <= known.clock) return false;
    for (const other of room.connections as Set<Connection>)
      if (other !== this && other.owns(entry.id)) return false;
    return true;
  }

  #handlePresence(update: Uint8Array): void {
    const limits = this.#context.limits;
    const accepted: AwarenessEntry[] = [];
    for (const entry of decodeAwareness(update)) {
      if (this.owns(entry.id)) accepted.push(entry);
      else if (this.#claimable(entry)) {
        if (this.#clientIds.length >= MAX_CLIENT_IDS) throw new PolicyViolation('too many presence ids');
        this.#clientIds = [...this.#clientIds, entry.id];
        accepted.push(entry);
      }
    }
    if (accepted.length === 0) return;
    if (accepted.some((entry) => entry.state.length > limits.presenceBytes))
      throw new PolicyViolation('presence state too large');
    // Only presence this connection publishes costs budget: the stock client echoes every change
    // it receives, so counting echoes would close honest clients whenever the room is busy (or
    // whenever someone else floods it). Echoes are dropped above and relay nothing.
    if (!this.#presenceRate.spend(1) || !this.#context.spendPresence(this.grant.userId))
      throw new PolicyViolation('awareness flood');
    if (this.grant.presence === false) return;
    applyAwarenessUpdate(this.#room.awareness, encodeAwareness(accepted), this.awarenessOrigin);
  }
}

function terminate(ws: WebSocket): void {
  ws.terminate();
}

export function attachConnection(
  room: Room,
  ws: WebSocket,
  grant: Grant,
  context: ConnectionContext
): Connection {
  const connection = new Connection(room, ws, grant, context);
  connection.attach();
  return connection;
}
