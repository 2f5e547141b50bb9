/**
 * When a room leaves memory: once its last client has left, no server-side edit holds it, and
 * everything it applied is stored. Called when a client leaves and after every store.
 */
import type { Extension } from './hooks.ts';
import type { Room } from './room.ts';

export function unloadPolicy(options: {
  rooms: Map<string, Room>;
  hooks: Required<Extension>;
  /** A server-side edit is running on the room. */
  held(room: Room): boolean;
  closing(): boolean;
}) {
  const { rooms, hooks } = options;
  const busy = (room: Room) =>
    options.closing() ||
    room.connections.size > 0 ||
    options.held(room) ||
    !room.idle() ||
    rooms.get(room.name) !== room;

  return function maybeUnload(room: Room): void {
    if (busy(room)) return;
    void hooks.onUnload(room).then(async () => {
      // Check again after the unload hooks ran (a projection): a client may have joined, or
      // edited, meanwhile; the shutdown may have begun and stores the room itself.
      if (busy(room)) return;
      rooms.delete(room.name);
      room.destroy();
      await hooks.afterUnload(room);
    });
  };
}

/**
 * Stops every room: closes its sockets, stores what it holds, runs what is pending for it (the
 * projection), then releases the extensions. Nothing a client sent before the close is lost.
 */
export async function closeAll(rooms: Map<string, Room>, hooks: Required<Extension>): Promise<void> {
  const all = [...rooms.values()];
  for (const room of all)
    for (const c of room.connections as Set<{ close(code: number, reason: string): void }>)
      c.close(1001, 'server shutting down');
  await Promise.all(
    all.map(async (room) => {
      await room.flush();
      await hooks.onUnload(room);
    })
  );
  for (const room of all) {
    rooms.delete(room.name);
    room.destroy();
  }
  await hooks.onDestroy();
}
