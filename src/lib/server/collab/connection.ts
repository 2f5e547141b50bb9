/**
 * One client of a room, speaking the y-websocket protocol (y-protocols sync and awareness).
 *
 * Invariants:
 * - Nothing is answered before the room is loaded; messages that arrive earlier wait in order.
 * - A read-only connection (observer) gets the document and may publish presence, but its document
 *   updates are dropped: never applied, stored or relayed.
 * - A connection may publish presence only for a few client ids of its own; announcing more new
 *   ids (an awareness flood) closes it (1008). Entries for ids that have a state and that this
 *   connection does not own (the stock client echoes everyone's presence) are dropped, and only
 *   presence a connection publishes counts against its rate (AWARENESS_PER_SECOND). An id whose
 *   connection left can be taken again with a newer clock (its provider reconnected).
 * - A malformed message closes this connection (1007) and nothing else: the room lives on.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { WebSocket } from 'ws';
import { applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import * as sync from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Room, UpdateOrigin } from './room.ts';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_QUERY_AWARENESS = 3;
const MAX_CLIENT_IDS = 4;
const AWARENESS_PER_SECOND = 60;

/** `presence: false` hides this connection's presence (admins looking into a blind layer). */
export type Grant = { userId: string; name: string; readOnly: boolean; presence?: boolean };

export type Connection = UpdateOrigin & {
  ws: WebSocket;
  grant: Grant;
  clientIds: Set<number>;
  close(code: number, reason: string): void;
};

export function send(ws: WebSocket, message: Uint8Array): void {
  if (ws.readyState !== ws.OPEN) return;
  ws.send(message, (err) => {
    if (err) ws.terminate();
  });
}

function syncStep1(room: Room): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  sync.writeSyncStep1(encoder, room.doc);
  return encoding.toUint8Array(encoder);
}

function awarenessMessage(room: Room, clients: number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(room.awareness, clients));
  return encoding.toUint8Array(encoder);
}

class PolicyViolation extends Error {}

type AwarenessEntry = { id: number; clock: number; state: string };

function decodeAwareness(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < count; i++) {
    entries.push({
      id: decoding.readVarUint(decoder),
      clock: decoding.readVarUint(decoder),
      state: decoding.readVarString(decoder)
    });
  }
  return entries;
}

function encodeAwareness(entries: AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.id);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.state);
  }
  return encoding.toUint8Array(encoder);
}

export function attachConnection(
  room: Room,
  ws: WebSocket,
  grant: Grant,
  log: (message: string) => void
): Connection {
  const connection: Connection = {
    ws,
    grant,
    userId: grant.userId,
    clientIds: new Set(),
    close(code, reason) {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
    }
  };
  let awarenessBudget = AWARENESS_PER_SECOND;
  const refill = setInterval(() => (awarenessBudget = AWARENESS_PER_SECOND), 1000);
  refill.unref();

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

  function handle(data: Uint8Array): void {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MESSAGE_SYNC) {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      const syncType = decoding.readVarUint(decoder);
      if (syncType === sync.messageYjsSyncStep1) {
        sync.writeSyncStep2(encoder, room.doc, decoding.readVarUint8Array(decoder));
      } else if (syncType === sync.messageYjsSyncStep2 || syncType === sync.messageYjsUpdate) {
        const update = decoding.readVarUint8Array(decoder);
        // Y.applyUpdate throws on a malformed update before integrating anything (y-protocols'
        // readUpdate would swallow the error); the connection is then closed below.
        if (!grant.readOnly) Y.applyUpdate(room.doc, update, connection);
      } else {
        throw new Error(`unknown sync message ${syncType}`);
      }
      if (encoding.length(encoder) > 1) send(ws, encoding.toUint8Array(encoder));
    } else if (type === MESSAGE_AWARENESS) {
      const accepted: AwarenessEntry[] = [];
      for (const entry of decodeAwareness(decoding.readVarUint8Array(decoder))) {
        if (connection.clientIds.has(entry.id)) accepted.push(entry);
        else if (claimable(entry)) {
          if (connection.clientIds.size >= MAX_CLIENT_IDS) throw new PolicyViolation('too many presence ids');
          connection.clientIds.add(entry.id);
          accepted.push(entry);
        }
      }
      if (accepted.length === 0) return;
      // Only presence this connection publishes costs budget: the stock client echoes every change
      // it receives, so counting echoes would close honest clients whenever the room is busy (or
      // whenever someone else floods it). Echoes are dropped above and relay nothing.
      if (--awarenessBudget < 0) throw new PolicyViolation('awareness flood');
      if (grant.presence === false) return;
      applyAwarenessUpdate(room.awareness, encodeAwareness(accepted), connection);
    } else if (type === MESSAGE_QUERY_AWARENESS) {
      send(ws, awarenessMessage(room, [...room.awareness.getStates().keys()]));
    } else {
      throw new Error(`unknown message type ${type}`);
    }
  }

  // Joined at once (so the room cannot unload under a connection still waiting for the load);
  // answered only once the room is loaded.
  room.connections.add(connection);
  const early: Uint8Array[] = [];
  let loaded = false;
  const onMessage = (raw: unknown, isBinary = true) => {
    const data = raw instanceof Buffer ? new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength) : null;
    if (!data || !isBinary) return connection.close(1003, 'binary messages only');
    if (!loaded) {
      early.push(data);
      return;
    }
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
      send(ws, syncStep1(room));
      const states = [...room.awareness.getStates().keys()];
      if (states.length > 0) send(ws, awarenessMessage(room, states));
      for (const data of early.splice(0))
        onMessage(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    },
    (err: Error) => {
      log(`cannot load: ${err.message}`);
      connection.close(1011, 'room unavailable');
    }
  );

  ws.on('close', () => {
    clearInterval(refill);
    room.connections.delete(connection);
    if (connection.clientIds.size > 0)
      removeAwarenessStates(room.awareness, [...connection.clientIds], connection);
  });
  return connection;
}
