/**
 * The named hooks of the collaboration core. Every behaviour beyond rooms and the protocol (Redis
 * fan-out, projections, validation, quotas) is an extension implementing some of them, the way
 * Hocuspocus's extensions do: the core calls them in order and knows nothing of what they do.
 */
import type * as Y from 'yjs';
import type { Connection } from './connection.ts';
import type { AwarenessOrigin, UpdateOrigin } from './origins.ts';
import type { Room } from './room.ts';

/** A client's update refused as a whole: the sender is closed with `code`, nothing is kept. */
export type Refusal = {
  code: number;
  reason: string;
  /** A rule breach (audited), rather than a malformed or oversized frame (logged only). */
  breach: boolean;
  /**
   * Not closed: the update is dropped and the sender asked (a sync step 1) for all the room lacks.
   * Why: an honest client whose edit overtook its own sync reply (edits made offline, then typing at
   * once on reconnect) sends an update whose dependencies are still on their way; it recovers at
   * once, and nothing incomplete is ever kept or relayed.
   */
  resync?: boolean;
};

export type IncomingUpdate = { room: Room; update: Uint8Array; connection: Connection };

export type Extension = {
  /** After the stored state is applied, before any client is answered. */
  onLoad?(room: Room): Promise<void>;
  /** Before a client's update reaches the room or the log: the first refusal stops it. */
  beforeApplyUpdate?(incoming: IncomingUpdate): Refusal | null;
  /** After any change of the document but its load (clients, server edits, other instances). */
  onChange?(room: Room, update: Uint8Array, origin: UpdateOrigin, transaction: Y.Transaction): void;
  /** After any presence change; `update` is the encoded awareness update. */
  onAwareness?(room: Room, update: Uint8Array, origin: AwarenessOrigin): void;
  /** After a store of the room's queue finished. */
  afterStore?(room: Room): void;
  /** The room is about to unload (or the server to stop): finish what is pending for it. */
  onUnload?(room: Room): Promise<void>;
  /** The room has unloaded. */
  afterUnload?(room: Room): Promise<void>;
  /** The server stops: release what the extension holds. */
  onDestroy?(): Promise<void>;
};

/** The hooks of several extensions as one, in order; failures are logged, never thrown at the core. */
export function combine(extensions: Extension[], log: (message: string) => void): Required<Extension> {
  // Extensions are closures (no `this`): their hooks are called as plain functions.
  const all = <K extends keyof Extension>(hook: K) =>
    extensions.map((e) => e[hook]).filter((h): h is NonNullable<Extension[K]> => h !== undefined);
  const onLoad = all('onLoad');
  const before = all('beforeApplyUpdate');
  const onChange = all('onChange');
  const onAwareness = all('onAwareness');
  const afterStore = all('afterStore');
  const onUnload = all('onUnload');
  const afterUnload = all('afterUnload');
  const onDestroy = all('onDestroy');
  const settle = async (room: string, what: string, work: Array<Promise<void>>) => {
    for (const result of await Promise.allSettled(work))
      if (result.status === 'rejected') log(`${room}: ${what} failed: ${(result.reason as Error).message}`);
  };
  return {
    async onLoad(room) {
      // Sequential and thrown: a room whose load hooks fail does not open.
      for (const hook of onLoad) await hook(room);
    },
    beforeApplyUpdate(incoming) {
      for (const hook of before) {
        const refusal = hook(incoming);
        if (refusal) return refusal;
      }
      return null;
    },
    onChange: (room, update, origin, transaction) => {
      for (const hook of onChange) hook(room, update, origin, transaction);
    },
    onAwareness: (room, update, origin) => {
      for (const hook of onAwareness) hook(room, update, origin);
    },
    afterStore: (room) => {
      for (const hook of afterStore) hook(room);
    },
    onUnload: (room) =>
      settle(
        room.name,
        'unloading',
        onUnload.map((hook) => hook(room))
      ),
    afterUnload: (room) =>
      settle(
        room.name,
        'after unloading',
        afterUnload.map((hook) => hook(room))
      ),
    onDestroy: () =>
      settle(
        'server',
        'stopping',
        onDestroy.map((hook) => hook())
      )
  };
}
