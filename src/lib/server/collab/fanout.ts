/**
 * Several instances serving the same rooms: every document update and presence change a client
 * makes on one instance is published on the room's Redis channel and applied by every other
 * instance that holds the room (and relayed to its clients). An instance that opens a room asks
 * the others for what it lacks (sync request → sync reply), so updates not yet stored elsewhere
 * reach it at once. Each instance stores what it applies; the update's digest keeps it to one row.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Redis } from 'ioredis';

export type FanoutMessage =
  | { type: 'update'; userId: string | null; payload: Uint8Array }
  | { type: 'awareness'; payload: Uint8Array }
  | { type: 'sync-request'; payload: Uint8Array }
  | { type: 'sync-reply'; payload: Uint8Array }
  /** The sender's room stored everything and unloads (the payload is empty). */
  | { type: 'unloaded'; payload: Uint8Array };

const TYPES = ['update', 'awareness', 'sync-request', 'sync-reply', 'unloaded'] as const;
const PREFIX = 'athar:room:';

export type Fanout = {
  join(room: string, onMessage: (message: FanoutMessage) => void): Promise<void>;
  leave(room: string): Promise<void>;
  publish(room: string, message: FanoutMessage): void;
  close(): Promise<void>;
};

function encode(instance: string, message: FanoutMessage): Buffer {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, instance);
  encoding.writeVarUint(encoder, TYPES.indexOf(message.type));
  encoding.writeVarString(encoder, message.type === 'update' ? (message.userId ?? '') : '');
  encoding.writeVarUint8Array(encoder, message.payload);
  return Buffer.from(encoding.toUint8Array(encoder));
}

function decode(data: Buffer): { instance: string; message: FanoutMessage } {
  const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  const instance = decoding.readVarString(decoder);
  const type = TYPES[decoding.readVarUint(decoder)];
  const userId = decoding.readVarString(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  if (!type) throw new Error('unknown fan-out message');
  return {
    instance,
    message: type === 'update' ? { type, userId: userId || null, payload } : { type, payload }
  };
}

export function createRedisFanout(url: string, log: (message: string) => void): Fanout {
  const instance = crypto.randomUUID();
  // Offline queue on: while Redis reconnects, publishes wait instead of being lost.
  const pub = new Redis(url, { maxRetriesPerRequest: null });
  const sub = new Redis(url, { maxRetriesPerRequest: null });
  for (const client of [pub, sub]) client.on('error', (err: Error) => log(`redis: ${err.message}`));
  const handlers = new Map<string, (message: FanoutMessage) => void>();
  sub.on('messageBuffer', (channel: Buffer, data: Buffer) => {
    const room = channel.toString().slice(PREFIX.length);
    const handler = handlers.get(room);
    if (!handler) return;
    try {
      const { instance: from, message } = decode(data);
      if (from !== instance) handler(message);
    } catch (err) {
      log(`${room}: bad fan-out message: ${(err as Error).message}`);
    }
  });
  return {
    async join(room, onMessage) {
      handlers.set(room, onMessage);
      await sub.subscribe(PREFIX + room);
    },
    async leave(room) {
      handlers.delete(room);
      await sub.unsubscribe(PREFIX + room);
    },
    publish(room, message) {
      pub
        .publish(PREFIX + room, encode(instance, message))
        .catch((err: Error) => log(`${room}: publish failed: ${err.message}`));
    },
    async close() {
      handlers.clear();
      await Promise.allSettled([sub.quit(), pub.quit()]);
    }
  };
}
