/**
 * The collaboration server: framework-free, mounted on the upgrade hook at `/collab/<room>`.
 * It takes `(request, socket, head)` and injected functions (authorize, recheck, store, project),
 * and imports nothing from SvelteKit.
 *
 * Invariants:
 * - An unauthorised upgrade is answered 401/403/404 before any socket opens.
 * - Access is re-checked within RECHECK_MS of any change that can take it away (the access epoch
 *   moved since the connection was last checked), and for every connection each FULL_RECHECK_MS:
 *   a disabled user or a removed member is disconnected within seconds.
 * - A room unloads when its last client has left *and* everything is stored.
 * - close() stores every room before it resolves (SIGTERM loses nothing).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import * as Y from 'yjs';
import { WebSocketServer, type WebSocket } from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { refuseUpgrade } from '../http/upgrade.ts';
import {
  attachConnection,
  send,
  MESSAGE_AWARENESS,
  MESSAGE_SYNC,
  type Connection,
  type Grant
} from './connection.ts';
import type { Fanout, FanoutMessage } from './fanout.ts';
import { createRoom, type Room, type UpdateOrigin } from './room.ts';
import type { RoomStore } from './store.ts';

export const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
const RECHECK_MS = 2000;
/** A safety round, and what bounds time-based ends (a session expiring while its socket is open). */
const FULL_RECHECK_MS = 60_000;
const PROJECT_MS = 1000;

export type Authorization<G extends Grant> =
  { ok: true; grant: G } | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

export type CollabOptions<G extends Grant> = {
  store: RoomStore;
  authorize(request: IncomingMessage, room: string): Promise<Authorization<G>>;
  /** Still allowed? Called per connection when the access epoch moves, and on the safety round. */
  recheck(grant: G, room: string): Promise<boolean>;
  /** A number that moves whenever access may have been taken away; without it, every connection
   * is re-checked every RECHECK_MS. */
  accessEpoch?(): Promise<number>;
  /** Derives relational projections from a room's document (debounced). */
  project?(room: string, doc: Room['doc'], unstoredAuthors: () => string[]): Promise<void>;
  /** The top-level types the projection reads: a change elsewhere needs no projection. */
  projectedRoots?: readonly string[];
  /** After a change is applied to a room (not its load): audits what the change means. */
  onChange?(room: string, origin: UpdateOrigin | null, transaction: Y.Transaction): void;
  /** Other instances serving the same rooms (Redis); none when this instance is alone. */
  fanout?: Fanout;
  log?(message: string): void;
};

/** The origin of presence changes that came from another instance (never published back). */
const FROM_PEER = Symbol('from another instance');

export function createCollabServer<G extends Grant>(options: CollabOptions<G>) {
  const log = options.log ?? ((m: string) => console.log(`[collab] ${m}`));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false
  });
  const rooms = new Map<string, Room>();
  const projectTimers = new Map<string, NodeJS.Timeout>();
  /** Rooms the server itself is editing: they must not unload under the edit. */
  const held = new Map<Room, number>();
  let closing = false;

  function broadcast(room: Room, message: Uint8Array, except?: unknown): void {
    for (const c of room.connections as Set<Connection>) if (c !== except) send(c.ws, message);
  }

  /**
   * From each type the transaction changed up to its root. Not `changedParentTypes`: that list is
   * filled by typed observers, and a root the server never read (an untyped placeholder) has none.
   */
  function touchesProjection(transaction: Y.Transaction): boolean {
    const roots = options.projectedRoots;
    if (!roots) return true;
    const wanted = new Set(roots.map((name) => transaction.doc.share.get(name)));
    for (const type of transaction.changed.keys()) {
      let root = type;
      while (root._item !== null) root = root._item.parent as typeof root;
      if (wanted.has(root)) return true;
    }
    return false;
  }

  function scheduleProjection(room: Room): void {
    if (!options.project || projectTimers.has(room.name)) return;
    projectTimers.set(
      room.name,
      setTimeout(() => {
        projectTimers.delete(room.name);
        options
          .project?.(room.name, room.doc, () => room.unstoredAuthors())
          .catch((err: Error) => log(`${room.name}: projection failed: ${err.message}`));
      }, PROJECT_MS)
    );
  }

  /** A message from another instance holding the same room. */
  function fromPeer(room: Room, message: FanoutMessage): void {
    if (message.type === 'update') {
      Y.applyUpdate(room.doc, message.payload, {
        userId: message.userId,
        remote: true
      } satisfies UpdateOrigin);
    } else if (message.type === 'sync-reply') {
      // The replying instance holds (and stores) this content: relay it, do not store it twice.
      Y.applyUpdate(room.doc, message.payload, {
        userId: null,
        remote: true,
        store: false
      } satisfies UpdateOrigin);
    } else if (message.type === 'sync-request') {
      const missing = Y.encodeStateAsUpdate(room.doc, message.payload);
      if (missing.length > 2) options.fanout?.publish(room.name, { type: 'sync-reply', payload: missing });
      const present = [...room.awareness.getStates().keys()];
      if (present.length > 0) {
        options.fanout?.publish(room.name, {
          type: 'awareness',
          payload: encodeAwarenessUpdate(room.awareness, present)
        });
      }
    } else {
      applyAwarenessUpdate(room.awareness, message.payload, FROM_PEER);
    }
  }

  function getRoom(name: string): Room {
    let room = rooms.get(name);
    if (room) return room;
    const fanout = options.fanout;
    room = createRoom(name, options.store, {
      onUpdate(update, origin, transaction) {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, MESSAGE_SYNC);
        syncProtocol.writeUpdate(encoder, update);
        broadcast(room as Room, encoding.toUint8Array(encoder), origin);
        if (touchesProjection(transaction)) scheduleProjection(room as Room);
        options.onChange?.(name, origin as UpdateOrigin | null, transaction);
        if (fanout && !(origin as UpdateOrigin | null)?.remote) {
          fanout.publish(name, {
            type: 'update',
            userId: (origin as UpdateOrigin | null)?.userId ?? null,
            payload: update
          });
        }
      },
      onStored: (r) => maybeUnload(r),
      // Subscribed before any client is answered, then ask the others for what the store lacks
      // (their updates not stored yet): the replies arrive as ordinary updates.
      afterLoad: fanout
        ? async (r) => {
            await fanout.join(name, (message) => fromPeer(r, message));
            fanout.publish(name, { type: 'sync-request', payload: Y.encodeStateVector(r.doc) });
          }
        : undefined
    });
    room.awareness.on('update', ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      const changed = [...(added ?? []), ...(updated ?? []), ...(removed ?? [])];
      const update = encodeAwarenessUpdate((room as Room).awareness, changed);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(encoder, update);
      broadcast(room as Room, encoding.toUint8Array(encoder));
      if (fanout && origin !== FROM_PEER && origin !== 'unload')
        fanout.publish(name, { type: 'awareness', payload: update });
    });
    rooms.set(name, room);
    return room;
  }

  /** Called when a client leaves and after every store: unload once both are done. */
  function maybeUnload(room: Room): void {
    if (
      closing ||
      room.connections.size > 0 ||
      held.has(room) ||
      !room.idle() ||
      rooms.get(room.name) !== room
    )
      return;
    const timer = projectTimers.get(room.name);
    if (timer) {
      clearTimeout(timer);
      projectTimers.delete(room.name);
    }
    const projected = timer
      ? (options
          .project?.(room.name, room.doc, () => room.unstoredAuthors())
          .catch((err: Error) => log(`${room.name}: projection failed: ${err.message}`)) ?? Promise.resolve())
      : Promise.resolve();
    void projected.then(() => {
      // Check again after the projection ran: a client may have joined, or edited, meanwhile.
      if (room.connections.size > 0 || held.has(room) || !room.idle() || rooms.get(room.name) !== room)
        return;
      rooms.delete(room.name);
      room.destroy();
      void options.fanout
        ?.leave(room.name)
        .catch((err: Error) => log(`${room.name}: leaving fan-out: ${err.message}`));
    });
  }

  let rechecking = false;
  const recheckTimer = setInterval(async () => {
    // One round at a time: on a slow database a round may outlast the interval.
    if (rechecking) return;
    rechecking = true;
    try {
      await recheckAll();
    } finally {
      rechecking = false;
    }
  }, RECHECK_MS);
  recheckTimer.unref();

  /** The access epoch each connection was last decided at (read before deciding). */
  const checkedAt = new WeakMap<Connection, number>();
  const readEpoch = () => options.accessEpoch?.().catch(() => NaN) ?? Promise.resolve(NaN);
  let lastFullRound = Date.now();

  async function recheckAll(): Promise<void> {
    // Read before deciding: a change made while a decision runs moves the epoch past the one the
    // connection is marked with, so the next tick decides again. NaN (no epoch, or unreadable)
    // equals nothing: everything is due.
    const epoch = await readEpoch();
    const full = Date.now() - lastFullRound >= FULL_RECHECK_MS;
    if (full) lastFullRound = Date.now();
    const due = [...rooms.values()].flatMap((room) =>
      [...(room.connections as Set<Connection & { grant: G }>)]
        .filter((connection) => full || checkedAt.get(connection) !== epoch)
        .map((connection) => ({ room, connection }))
    );
    // Spread over most of the interval, one decision at a time: on SQLite every query runs on this
    // thread, and a round over hundreds of sockets taken in one go held up every relay behind it.
    const gap = (RECHECK_MS * 0.8) / Math.max(1, due.length);
    for (const { room, connection } of due) {
      await new Promise((resolve) => setTimeout(resolve, gap));
      if (closing) return;
      if (connection.ws.readyState !== connection.ws.OPEN) continue;
      const allowed = await options.recheck(connection.grant, room.name).catch(() => true);
      if (!allowed) {
        log(`${room.name}: access revoked for ${connection.grant.userId}`);
        connection.close(4403, 'access revoked');
      } else checkedAt.set(connection, epoch);
    }
  }

  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    if (closing) return refuseUpgrade(socket, 503, 'Service Unavailable');
    const path = (request.url ?? '').split('?')[0] ?? '';
    let roomName: string;
    try {
      roomName = decodeURIComponent(path.slice('/collab/'.length));
    } catch {
      return refuseUpgrade(socket, 400, 'Bad Request');
    }
    const epoch = await readEpoch(); // before deciding, as in recheckAll
    const decision = await options.authorize(request, roomName);
    if (!decision.ok) {
      const reasons = {
        400: 'Bad Request',
        401: 'Unauthorized',
        403: 'Forbidden',
        404: 'Not Found'
      } as const;
      return refuseUpgrade(socket, decision.status, reasons[decision.status]);
    }
    if (socket.destroyed) return;
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      // Authorising took time: if shutdown began meanwhile, this socket would join a room that
      // close() is no longer storing.
      if (closing) return ws.close(1001, 'server shutting down');
      const room = getRoom(roomName);
      ws.on('error', (err) => log(`${roomName}: socket error from ${decision.grant.userId}: ${err.message}`));
      checkedAt.set(
        attachConnection(room, ws, decision.grant, (m) => log(`${roomName}: ${m}`)),
        epoch
      );
      // After attachConnection's own close listener, which removes the connection from the room.
      ws.on('close', () => maybeUnload(room));
    });
  }

  return {
    rooms,
    /**
     * Changes a room's document from the server side (imports): applied to the live room, so
     * connected clients see it at once, stored like any client's update, then unloaded if idle.
     */
    async edit(roomName: string, userId: string, change: (doc: Y.Doc) => void): Promise<void> {
      if (closing) throw new Error('shutting down');
      const room = getRoom(roomName);
      held.set(room, (held.get(room) ?? 0) + 1);
      try {
        await room.ready;
        room.doc.transact(() => change(room.doc), { userId });
        await room.flush();
      } finally {
        const left = (held.get(room) ?? 1) - 1;
        if (left > 0) held.set(room, left);
        else held.delete(room);
      }
      maybeUnload(room);
    },
    /** A copy of a room's current document (live and stored, or loaded from the store). */
    async read(roomName: string): Promise<Y.Doc> {
      const copy = new Y.Doc();
      const live = rooms.get(roomName);
      if (live) {
        await live.ready;
        // Everything the copy holds is then in the log, with its author: a version taken from the
        // copy (status change, restore) lists whoever wrote it.
        await live.flush();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(live.doc));
        return copy;
      }
      const stored = await options.store.load(roomName);
      if (stored.state) Y.applyUpdate(copy, stored.state);
      return copy;
    },
    handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
      upgrade(request, socket, head).catch((err: Error) => {
        log(`upgrade failed: ${err.message}`);
        refuseUpgrade(socket, 500, 'Internal Server Error');
      });
    },
    /** Stores everything, runs pending projections, closes every socket. */
    async close(): Promise<void> {
      closing = true;
      clearInterval(recheckTimer);
      const all = [...rooms.values()];
      for (const room of all)
        for (const c of room.connections as Set<Connection>) c.close(1001, 'server shutting down');
      await Promise.all(
        all.map(async (room) => {
          await room.flush();
          const timer = projectTimers.get(room.name);
          if (timer) clearTimeout(timer);
          await options
            .project?.(room.name, room.doc, () => room.unstoredAuthors())
            .catch((err: Error) => log(`${room.name}: projection failed: ${err.message}`));
        })
      );
      projectTimers.clear();
      for (const room of all) {
        rooms.delete(room.name);
        room.destroy();
      }
      wss.close();
      await options.fanout?.close();
    }
  };
}
