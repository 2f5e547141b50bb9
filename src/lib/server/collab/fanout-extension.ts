/**
 * The Redis fan-out as an extension of the collab core (fanout.ts is the transport). A room that
 * loads subscribes before any client is answered, then asks the other instances for what the store
 * lacks (their updates not stored yet); the replies arrive as ordinary updates. Changes made here
 * are published; changes that came from a peer never go back to it.
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
  } else {
    applyAwarenessUpdate(room.awareness, message.payload, PEER_PRESENCE);
  }
}

export function fanoutExtension(fanout: Fanout): Extension {
  return {
    async onLoad(room) {
      await fanout.join(room.name, (message) => fromPeer(fanout, room, message));
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
    afterUnload: (room) => fanout.leave(room.name),
    onDestroy: () => fanout.close()
  };
}
