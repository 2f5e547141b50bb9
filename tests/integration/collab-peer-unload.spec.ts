/**
 * A room open in two processes (WORKERS > 1, or instances behind Redis) when one of them unloads:
 * the other must end up with everything that one stored, even when the unloading room could no
 * longer answer its sync request. Real rooms, the real room store on SQLite, the real fan-out
 * extension over the IPC fan-out; the cluster's channel between the two processes is in memory,
 * so the test decides when each message arrives (the race, made to happen every time).
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connect, type Db } from '../../src/lib/server/db/connect.ts';
import { migrateToLatest } from '../../src/lib/server/db/migrate.ts';
import { fanoutExtension } from '../../src/lib/server/collab/fanout-extension.ts';
import { combine } from '../../src/lib/server/collab/hooks.ts';
import { createIpcFanout } from '../../src/lib/server/collab/ipc-fanout.ts';
import type { UpdateOrigin } from '../../src/lib/server/collab/origins.ts';
import { createRoom, type Room } from '../../src/lib/server/collab/room.ts';
import { createRoomStore, type RoomStore } from '../../src/lib/server/collab/store.ts';

const ROOM = 'item/peerunloadroom0000000001';
/** Stored here, not published: what a peer published before the other process listened is gone. */
const UNHEARD: UpdateOrigin = { kind: 'peer', userId: null };
const log = () => undefined;

/** Two ends of a cluster channel; while `held`, what is sent waits until `release()`. */
function channelPair() {
  const ends = [new EventEmitter(), new EventEmitter()] as const;
  const waiting: Array<() => void> = [];
  let held = false;
  const end = (self: EventEmitter, other: EventEmitter) =>
    Object.assign(self, {
      send(message: unknown, _handle?: unknown, _options?: unknown, done?: (err: Error | null) => void) {
        const deliver = () => other.emit('message', structuredClone(message));
        if (held) waiting.push(deliver);
        else deliver();
        done?.(null);
        return true;
      }
    }) as unknown as Pick<NodeJS.Process, 'send' | 'on' | 'off'>;
  return {
    a: end(ends[0], ends[1]),
    b: end(ends[1], ends[0]),
    hold: () => (held = true),
    release: () => {
      held = false;
      for (const deliver of waiting.splice(0)) deliver();
    }
  };
}

/** A process's side: its fan-out and hooks, and rooms made the way the collab server makes them. */
function processWith(channel: Pick<NodeJS.Process, 'send' | 'on' | 'off'>) {
  const hooks = combine([fanoutExtension(createIpcFanout(channel, log))], log);
  const open = (store: RoomStore): Room =>
    createRoom(
      ROOM,
      store,
      {
        onChange: hooks.onChange,
        onAwareness: () => undefined,
        afterStore: () => undefined,
        onLoad: hooks.onLoad
      },
      { compactBytes: 1 << 30 }
    );
  /** What the collab server does once a room has no client and nothing unstored (unload.ts). */
  const unload = async (room: Room) => {
    await room.flush();
    await hooks.onUnload(room);
    room.destroy();
    await hooks.afterUnload(room);
  };
  return { open, unload };
}

const dirs: string[] = [];
const dbs: Db[] = [];
afterEach(async () => {
  for (const db of dbs.splice(0)) await db.destroy();
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

async function database(): Promise<Db> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-peer-unload-'));
  dirs.push(dir);
  const { db } = connect({ databaseUrl: undefined, dataDir: dir, backgroundCheckpoints: false });
  dbs.push(db);
  await migrateToLatest(db);
  return db;
}

const noted = (room: Room) => room.doc.getMap('findings').get('wound') as string | undefined;

describe('a room open in two processes when one unloads', () => {
  it('gets what the other stored and unloaded after its own load read the log', async () => {
    const store = createRoomStore(await database());
    const channel = channelPair();
    const [first, second] = [processWith(channel.a), processWith(channel.b)];
    const left = first.open(store);
    await left.ready;
    left.doc.transact(() => left.doc.getMap('findings').set('wound', 'ligature mark'), UNHEARD);

    // The second process reads the log (empty), then the first stores, announces and unloads,
    // all before the second has subscribed: neither the notice nor any answer reaches it.
    const readThenPeerUnloads: RoomStore = {
      ...store,
      async load(room, apply) {
        const loaded = await store.load(room, apply);
        await first.unload(left);
        return loaded;
      }
    };
    const opened = second.open(readThenPeerUnloads);
    await opened.ready;
    expect(noted(opened)).toBe('ligature mark');
  });

  it('gets what the other stored when the other unloads before answering its sync request', async () => {
    const db = await database();
    const store = createRoomStore(db);
    const channel = channelPair();
    const [first, second] = [processWith(channel.a), processWith(channel.b)];
    const left = first.open(store);
    await left.ready;
    left.doc.transact(() => left.doc.getMap('findings').set('wound', 'fracture'), UNHEARD);

    // The second loads (nothing stored yet) and asks; its request is still on its way when the
    // first stores everything and unloads, so the first never answers.
    channel.hold();
    const opened = second.open(store);
    await opened.ready;
    expect(noted(opened)).toBeUndefined();
    await first.unload(left);
    channel.release();

    await vi.waitFor(() => expect(noted(opened)).toBe('fracture'));
    // Read back, not stored again: one row, the first process's.
    const rows = await db.selectFrom('collab_updates').select('id').where('room', '=', ROOM).execute();
    expect(rows).toHaveLength(1);
    await second.unload(opened);
  });
});
