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
import type { Role } from '../../model/roles.ts';
import type { Refusal } from './hooks.ts';
import { budget, type CollabLimits } from './limits.ts';
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

export type Connection = {
  ws: WebSocket;
  grant: Grant;
  origin: UpdateOrigin & { kind: 'client' };
  awarenessOrigin: AwarenessOrigin & { kind: 'client' };
  clientIds: Set<number>;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
};

export type ConnectionContext = {
  limits: CollabLimits;
  /** Checks a client's update and applies it to the room; a refusal is returned, not applied. */
  receive(connection: Connection, update: Uint8Array): Refusal | null;
  /** The presence budget shared by all of a user's connections. */
  spendPresence(userId: string): boolean;
  log(message: string): void;
};

class PolicyViolation extends Error {}

export function attachConnection(
  room: Room,
  ws: WebSocket,
  grant: Grant,
  context: ConnectionContext
): Connection {
  const { limits, log } = context;
  const connection: Connection = {
    ws,
    grant,
    origin: { kind: 'client', userId: grant.userId, connection: ws },
    awarenessOrigin: { kind: 'client', connection: ws },
    clientIds: new Set(),
    send(message) {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount + message.byteLength > limits.sendBufferBytes) {
        log(`slow reader ${grant.userId}: ${ws.bufferedAmount} bytes unsent, closing`);
        connection.close(1013, 'too slow: send buffer full');
        setTimeout(() => ws.terminate(), CLOSE_GRACE_MS).unref();
        return;
      }
      ws.send(message, (err) => {
        if (err) ws.terminate();
      });
    },
    close(code, reason) {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
    }
  };
  const presenceRate = budget(limits.presencePerSecond, 1000);
  /** Step 2 answers waiting for their receipt (see the header), in order. */
  let answers: Promise<void> = Promise.resolve();
  let answering = 0;

  /**
   * A presence id this connection may take: one with no current state, owned by no other
   * connection, announced with a newer clock than the room has seen. The room remembers the clock
   * of every id that left (the meta of its awareness), so a provider that reconnects after a
   * network blip (same document, same id) takes its id back with its next change, while the stale
   * echo of someone's last state (an older clock) takes nothing.
   */
  function claimable(entry: AwarenessEntry): boolean {
    if (entry.state === 'null' || room.awareness.states.has(entry.id)) return false;
    const known = room.awareness.meta.get(entry.id);
    if (known && entry.clock <= known.clock) return false;
    for (const other of room.connections as Set<Connection>)
      if (other !== connection && other.clientIds.has(entry.id)) return false;
    return true;
  }

  function answerStep1(stateVector: Uint8Array): void {
    const stored = room.whenStored();
    if (!stored && answering === 0) return connection.send(syncStep2Message(room.doc, stateVector));
    answering += 1;
    answers = answers
      .then(() => stored)
      .then(() => connection.send(syncStep2Message(room.doc, stateVector)))
      .finally(() => (answering -= 1));
  }

  function handlePresence(update: Uint8Array): void {
    const accepted: AwarenessEntry[] = [];
    for (const entry of decodeAwareness(update)) {
      if (connection.clientIds.has(entry.id)) accepted.push(entry);
      else if (claimable(entry)) {
        if (connection.clientIds.size >= MAX_CLIENT_IDS) throw new PolicyViolation('too many presence ids');
        connection.clientIds.add(entry.id);
        accepted.push(entry);
      }
    }
    if (accepted.length === 0) return;
    if (accepted.some((entry) => entry.state.length > limits.presenceBytes))
      throw new PolicyViolation('presence state too large');
    // Only presence this connection publishes costs budget: the stock client echoes every change
    // it receives, so counting echoes would close honest clients whenever the room is busy (or
    // whenever someone else floods it). Echoes are dropped above and relay nothing.
    if (!presenceRate.spend(1) || !context.spendPresence(grant.userId))
      throw new PolicyViolation('awareness flood');
    if (grant.presence === false) return;
    applyAwarenessUpdate(room.awareness, encodeAwareness(accepted), connection.awarenessOrigin);
  }

  function handle(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const syncType = decoding.readVarUint(decoder);
      if (syncType === sync.messageYjsSyncStep1) {
        answerStep1(decoding.readVarUint8Array(decoder));
      } else if (syncType === sync.messageYjsSyncStep2 || syncType === sync.messageYjsUpdate) {
        const update = decoding.readVarUint8Array(decoder);
        if (grant.readOnly) return;
        const refusal = context.receive(connection, update);
        if (refusal?.resync) connection.send(syncStep1Message(room.doc));
        else if (refusal) connection.close(refusal.code, refusal.reason);
      } else {
        throw new Error(`unknown sync message ${syncType}`);
      }
    } else if (type === MESSAGE_AWARENESS) {
      handlePresence(decoding.readVarUint8Array(decoder));
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      connection.send(awarenessMessage(room.awareness, [...room.awareness.getStates().keys()]));
    } else {
      throw new Error(`unknown message type ${type}`);
    }
  }

  // Joined at once (so the room cannot unload under a connection still waiting for the load);
  // answered only once the room is loaded.
  room.connections.add(connection);
  const early: Uint8Array[] = [];
  let earlyBytes = 0;
  let loaded = false;
  const onMessage = (raw: unknown, isBinary = true) => {
    const data = raw instanceof Buffer ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : null;
    if (!data || !isBinary) return connection.close(1003, 'binary messages only');
    if (!loaded) {
      earlyBytes += data.byteLength;
      if (earlyBytes > limits.messageBytes)
        return connection.close(1008, 'too much sent before the room loaded');
      early.push(data);
      return;
    }
    if (ws.readyState !== ws.OPEN) return; // closed by an earlier message (a refusal): ignore the rest
    try {
      handle(data);
    } catch (err) {
      const policy = err instanceof PolicyViolation;
      log(
        `${policy ? 'policy violation' : 'malformed message'} from ${grant.userId}: ${(err as Error).message}`
      );
      connection.close(policy ? 1008 : 1007, policy ? (err as Error).message : 'malformed message');
    }
  };
  ws.on('message', onMessage);

  room.ready.then(
    () => {
      if (ws.readyState !== ws.OPEN) return;
      loaded = true;
      connection.send(syncStep1Message(room.doc));
      const states = [...room.awareness.getStates().keys()];
      if (states.length > 0) connection.send(awarenessMessage(room.awareness, states));
      for (const data of early.splice(0))
        onMessage(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    },
    (err: Error) => {
      log(`cannot load: ${err.message}`);
      connection.close(1011, 'room unavailable');
    }
  );

  ws.on('close', () => {
    room.connections.delete(connection);
    if (connection.clientIds.size > 0)
      removeAwarenessStates(room.awareness, [...connection.clientIds], connection.awarenessOrigin);
  });
  return connection;
}
