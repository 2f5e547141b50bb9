/**
 * The fan-out between instances (Redis, fanout.ts) or worker processes (IPC, ipc-fanout.ts) as an
 * extension of the collab core. A room that loads subscribes before any client is answered, reads
 * back what the log gained since its load, then asks the others for what the store lacks (their
 * updates not stored yet); the replies arrive as ordinary updates. Changes made here are published;
 * changes that came from a peer never go back to it.
 *
 * Why the read-back and the `unloaded` notice: a peer whose room was left by its last client stores
 * what it holds and unloads. If that happens after this room read the log and before our sync
 * request reaches it, nobody answers, and this room would serve its clients (and project) a
 * document without the peer's last edits, stored as they are, until it unloads itself. So a peer
 * announces its unload once everything is stored, and a room reads the log back when it hears it;
 * the read-back after subscribing covers a notice sent before we listened.
 */
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { Fanout, FanoutMessage } from './fanout.ts';
import type { Extension } from './hooks.ts';
import { PEER_PRESENCE, PEER_SYNC, madeHere, type UpdateOrigin } from './origins.ts';
import type { Room } from './room.ts';

function fromPeer(fanout: Fanout, room: Room, message: FanoutMessage): void {
  if (message.type === 'update') {
    Y.applyUpdate(room.doc, message.payload, { kind: 'peer', userId: message.userId } satisfies UpdateOrigin);
  } else if (message.type === 'sync-reply') {
    // The replying instance holds (and stores) this content: relay it, do not store it twice.
    Y.applyUpdate(room.doc, message.payload, PEER_SYNC);
  } else if (message.type === 'sync-request') {
    const missing = Y.encodeStateAsUpdate(room.doc, message.payload);
    if (missing.length > 2) fanout.publish(room.name, { type: 'sync-reply', payload: missing });
    const present = [...room.awareness.getStates().keys()];
    if (present.length > 0)
      fanout.publish(room.name, {
        type: 'awareness',
        payload: encodeAwarenessUpdate(room.awareness, present)
      });
  } else if (message.type === 'unloaded') {
    void room.catchUp().catch(() => undefined); // a failure is logged by the room
  } else {
    applyAwarenessUpdate(room.awareness, message.payload, PEER_PRESENCE);
  }
}

export function fanoutExtension(fanout: Fanout): Extension {
  return {
    async onLoad(room) {
      await fanout.join(room.name, (message) => fromPeer(fanout, room, message));
      await room.catchUp();
      fanout.publish(room.name, { type: 'sync-request', payload: Y.encodeStateVector(room.doc) });
    },
    onChange(room, update, origin) {
      if (!madeHere(origin)) return;
      fanout.publish(room.name, {
        type: 'update',
        userId: origin.kind === 'client' || origin.kind === 'server' ? origin.userId : null,
        payload: update
      });
    },
    onAwareness(room, update, origin) {
      if (origin.kind === 'client') fanout.publish(room.name, { type: 'awareness', payload: update });
    },
    // Called once the room holds nothing unstored (before unloading, or when the server stops).
    async onUnload(room) {
      fanout.publish(room.name, { type: 'unloaded', payload: new Uint8Array(0) });
    },
    afterUnload: (room) => fanout.leave(room.name),
    onDestroy: () => fanout.close()
  };
}
