/**
 * The processes of one server (`WORKERS` > 1, server/cluster.ts) serving the same rooms without
 * Redis: the same fan-out as fanout.ts, carried over the cluster's IPC channel instead of Redis
 * pub/sub. A worker sends what its room changed to the primary, which relays it to every other
 * worker; a worker applies it only when it holds that room. Storage stays as safe as with Redis:
 * each process stores what it applies, and the update's digest keeps it to one row.
 */
import type { Fanout, FanoutMessage } from './fanout.ts';

/** What travels over IPC (structured clone: the payload stays a Uint8Array). */
export type RoomEnvelope = { athar: 'room'; room: string; message: FanoutMessage };

export function isRoomEnvelope(value: unknown): value is RoomEnvelope {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { athar?: unknown }).athar === 'room' &&
    typeof (value as { room?: unknown }).room === 'string'
  );
}

type Channel = Pick<NodeJS.Process, 'send' | 'on' | 'off'>;

/** The worker's side: `channel` is `process` in a cluster worker. */
export function createIpcFanout(channel: Channel, log: (message: string) => void): Fanout {
  const handlers = new Map<string, (message: FanoutMessage) => void>();
  const onMessage = (value: unknown) => {
    if (!isRoomEnvelope(value)) return;
    try {
      handlers.get(value.room)?.(value.message);
    } catch (err) {
      log(`${value.room}: bad fan-out message: ${(err as Error).message}`);
    }
  };
  channel.on('message', onMessage);
  return {
    async join(room, onRoomMessage) {
      handlers.set(room, onRoomMessage);
    },
    async leave(room) {
      handlers.delete(room);
    },
    publish(room, message) {
      const envelope: RoomEnvelope = { athar: 'room', room, message };
      channel.send?.(envelope, undefined, undefined, (err: Error | null) => {
        if (err) log(`${room}: relay failed: ${err.message}`);
      });
    },
    async close() {
      handlers.clear();
      channel.off('message', onMessage);
    }
  };
}
