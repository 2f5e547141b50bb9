/**
 * The collaboration core: framework-free, mounted on the upgrade hook at `/collab/<room>`. It takes
 * `(request, socket, head)` and injected functions (authorize, recheck, store), and imports nothing
 * from SvelteKit. Rooms, the protocol and the order of things live here; every other behaviour
 * (fan-out, projection, validation, quotas) is an extension with named hooks (hooks.ts), so that a
 * new one is a new extension rather than more lines here.
 *
 * Invariants:
 * - An unauthorised upgrade is answered 401/403/404 before any socket opens.
 * - A client's update passes every `beforeApplyUpdate` hook before the room or the log sees it; a
 *   refused one closes its sender and is neither stored nor relayed.
 * - A room never holds pending structs (content whose dependencies it lacks), so it can never send
 *   or store them.
 * - Access is re-checked within seconds of any change that can take it away (recheck.ts).
 * - A room unloads when its last client has left *and* everything is stored (unload.ts).
 * - close() stores every room before it resolves (SIGTERM loses nothing).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { refuseUpgrade } from '../http/upgrade.ts';
import { attachConnection, type Connection, type ConnectionContext, type Grant } from './connection.ts';
import { combine, type Extension, type Refusal } from './hooks.ts';
import { DEFAULT_LIMITS, type CollabLimits } from './limits.ts';
import { awarenessUpdateMessage, updateMessage } from './messages.ts';
import { UNLOADING, type AwarenessOrigin } from './origins.ts';
import { createQuotas } from './quotas.ts';
import { startRechecks } from './recheck.ts';
import { createRoom, type Room, type RoomEvents } from './room.ts';
import { loadDoc, type RoomStore } from './store.ts';
import { closeAll, unloadPolicy } from './unload.ts';
import { CLOSE_MALFORMED } from './validation.ts';

export type Authorization<G extends Grant> =
  { ok: true; grant: G } | { ok: false; status: 400 | 401 | 403 | 404; reason: string };

export type CollabOptions<G extends Grant> = {
  store: RoomStore;
  authorize(request: IncomingMessage, room: string): Promise<Authorization<G>>;
  /** Still allowed? Called per connection when the access epoch moves, and on the safety round. */
  recheck(grant: G, room: string): Promise<boolean>;
  /** A number that moves whenever access may have been taken away (see recheck.ts). */
  accessEpoch?(): Promise<number>;
  /** In order: validation first, so that nothing else sees an update that breaks a rule. */
  extensions?: Extension[];
  limits?: CollabLimits;
  log?(message: string): void;
};

const STATUS_TEXT = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' } as const;

const awarenessOrigin = (origin: unknown): AwarenessOrigin =>
  origin && typeof origin === 'object' && 'kind' in origin ? (origin as AwarenessOrigin) : UNLOADING;

export function createCollabServer<G extends Grant>(options: CollabOptions<G>) {
  const log = options.log ?? ((m: string) => console.log(`[collab] ${m}`));
  const limits = options.limits ?? DEFAULT_LIMITS;
  const quotas = createQuotas(limits);
  // Quotas first: every update a client sends spends its budget, refused or not.
  const hooks = combine([quotas.extension, ...(options.extensions ?? [])], log);
  // No client tracking: the rooms hold every socket (close() closes them through the rooms), and
  // tracking added a Set entry and a close listener to every open socket.
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: limits.messageBytes,
    perMessageDeflate: false
  });
  const rooms = new Map<string, Room>();
  /** Rooms the server itself is editing: they must not unload under the edit. */
  const held = new Map<Room, number>();
  let closing = false;
  const maybeUnload = unloadPolicy({ rooms, hooks, held: (room) => held.has(room), closing: () => closing });
  const rechecks = startRechecks<G>({
    rooms: () => rooms.values(),
    recheck: options.recheck,
    accessEpoch: options.accessEpoch,
    stopped: () => closing,
    log
  });

  function broadcast(room: Room, message: Uint8Array, except?: object): void {
    for (const c of room.connections as Set<Connection>) if (c.ws !== except) c.send(message);
  }

  /** What every room tells the server: one object for all rooms (no closures made per room). */
  const roomEvents: RoomEvents = {
    onChange(room, update, origin, transaction) {
      broadcast(room, updateMessage(update), origin.kind === 'client' ? origin.connection : undefined);
      hooks.onChange(room, update, origin, transaction);
    },
    onAwareness(room, changed, origin) {
      const update = encodeAwarenessUpdate(room.awareness, changed);
      broadcast(room, awarenessUpdateMessage(update));
      hooks.onAwareness(room, update, awarenessOrigin(origin));
    },
    afterStore(room) {
      hooks.afterStore(room);
      maybeUnload(room);
    },
    onLoad: hooks.onLoad
  };

  function getRoom(name: string): Room {
    const existing = rooms.get(name);
    if (existing) return existing;
    const room = createRoom(name, options.store, roomEvents, limits);
    rooms.set(name, room);
    return room;
  }

  /** A client's update: every hook may refuse it; only then does it reach the room. */
  function receive(room: Room, connection: Connection, update: Uint8Array): Refusal | null {
    const refusal = hooks.beforeApplyUpdate({ room, update, connection });
    if (refusal) return refusal;
    try {
      Y.applyUpdate(room.doc, update, connection.origin);
    } catch (err) {
      log(`${room.name}: malformed update from ${connection.grant.userId}: ${(err as Error).message}`);
      return { code: CLOSE_MALFORMED, reason: 'malformed update', breach: false };
    } finally {
      // Why: pending structs would be sent in every sync reply and stored under whoever re-sends
      // them. The validator refuses updates that would leave any; should one slip through, it is
      // dropped here rather than kept.
      const store = room.doc.store;
      if (store.pendingStructs || store.pendingDs) {
        log(`${room.name}: dropped content with missing dependencies from ${connection.grant.userId}`);
        store.pendingStructs = null;
        store.pendingDs = null;
      }
    }
    return null;
  }

  /** What every connection asks of the server: one object for all of them. */
  const connectionContext: ConnectionContext = {
    limits,
    receive,
    spendPresence: quotas.spendPresence,
    // Once the connection has left its room: the room may now unload.
    left: (room, connection) => {
      countOut(connection.grant.userId);
      maybeUnload(room);
    },
    log
  };

  /** Open sockets per user on this process (`limits.connectionsPerUser`). */
  const socketsOf = new Map<string, number>();

  /**
   * Counts the user's socket in, or refuses it past their limit (false). Why a limit: every open
   * socket is re-checked whenever access changes anywhere, and a user can both open sockets and move
   * the access epoch (sign out, revoke a token of their own) at will. Counted when the socket is
   * attached, synchronously: upgrades authorised in parallel cannot all pass one check. Counted out
   * when its connection leaves (`connectionContext.left`), once.
   */
  function admit(userId: string): boolean {
    const open = socketsOf.get(userId) ?? 0;
    if (open >= limits.connectionsPerUser) return false;
    socketsOf.set(userId, open + 1);
    return true;
  }

  function countOut(userId: string): void {
    const left = (socketsOf.get(userId) ?? 1) - 1;
    if (left > 0) socketsOf.set(userId, left);
    else socketsOf.delete(userId);
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
    const epoch = await rechecks.readEpoch(); // before deciding, as in a re-check round
    const decision = await options.authorize(request, roomName);
    if (!decision.ok) return refuseUpgrade(socket, decision.status, STATUS_TEXT[decision.status]);
    if (socket.destroyed) return;
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      // Authorising took time: if shutdown began meanwhile, this socket would join a room that
      // close() is no longer storing.
      if (closing) return ws.close(1001, 'server shutting down');
      if (!admit(decision.grant.userId)) return ws.close(1008, 'too many open connections');
      const connection = attachConnection(getRoom(roomName), ws, decision.grant, connectionContext);
      rechecks.decided(connection, epoch);
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
        room.doc.transact(() => change(room.doc), { kind: 'server', userId });
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
      const live = rooms.get(roomName);
      if (!live) return loadDoc(options.store, roomName);
      await live.ready;
      // Everything the copy holds is then in the log, with its author: a version taken from the
      // copy (status change, restore) lists whoever wrote it.
      await live.flush();
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(live.doc));
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
      rechecks.stop();
      await closeAll(rooms, hooks);
      wss.close();
    }
  };
}
