/**
 * The world the collab specs share: one collection of small generated JPEGs (one item, so one
 * room, per test that needs a clean document), and people with tokens: an expert reviewer, a
 * reviewer, an observer (all members), an outsider and an admin. Plus readers of the stored log
 * and a probe that tells when a room has unloaded.
 */
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import * as Y from 'yjs';
import { writeAnnotation, type AnnotationRecord } from '../../src/lib/model/document-schema.ts';
import type { Finding } from '../../src/lib/model/injury.ts';
import { itemRoom } from '../../src/lib/model/rooms.ts';
import { startInstance, type Instance } from './athar.ts';
import { join, type Peer } from './collab.ts';
import type { TestDialect } from './dialects.ts';
import { query } from './db.ts';
import { getJson, onNewConnection } from './http.ts';
import { PHOTO, addMember, addPerson, ingestPhotos, type Person } from './world.ts';

export type { Person };
export const COLLECTION = 'Case 7';
export const WIDTH = PHOTO.width;
export const HEIGHT = PHOTO.height;

export type World = {
  items: string[];
  rooms: string[];
  admin: Person;
  /** A reviewer who is a forensic expert (may give a consistency opinion). */
  alice: Person;
  bob: Person;
  /** An observer: reads, writes nothing. */
  olga: Person;
  /** A reviewer who is not a member of the collection. */
  oscar: Person;
};

/** Ingests `items` generated JPEGs into COLLECTION and adds the people. */
export async function createWorld(athar: Instance, items: number): Promise<World> {
  const ids = await ingestPhotos(athar, COLLECTION, items);
  const world: World = {
    items: ids,
    rooms: ids.map(itemRoom),
    admin: await addPerson(athar, 'admin@example.org', 'admin'),
    alice: await addPerson(athar, 'alice@example.org', 'reviewer', true),
    bob: await addPerson(athar, 'bob@example.org', 'reviewer'),
    olga: await addPerson(athar, 'olga@example.org', 'observer'),
    oscar: await addPerson(athar, 'oscar@example.org', 'reviewer')
  };
  for (const member of [world.alice, world.bob, world.olga]) await addMember(athar, COLLECTION, member.email);
  return world;
}

/** An annotation as the browser would write it: a region and a finding, by `author`, now. */
export function annotate(
  doc: Y.Doc,
  id: string,
  author: string,
  finding: Finding = { lesionType: 'contusion' }
) {
  const now = Date.now();
  const record: AnnotationRecord = {
    id,
    target: {
      type: 'FragmentSelector',
      conformsTo: 'http://www.w3.org/TR/media-frags/',
      value: 'xywh=pixel:10,20,30,40'
    },
    finding,
    createdBy: author,
    createdAt: now,
    updatedBy: author,
    updatedAt: now
  };
  writeAnnotation(doc, record);
  return record;
}

export type StoredUpdate = { id: number; userId: string | null; data: Uint8Array };

/** The room's update log, in order. */
export async function storedUpdates(athar: Instance, room: string): Promise<StoredUpdate[]> {
  const rows = await query<{ id: unknown; user_id: string | null; data: Buffer }>(
    athar,
    'select id, user_id, data from collab_updates where room = ? order by id',
    [room]
  );
  return rows.map((r) => ({ id: Number(r.id), userId: r.user_id, data: new Uint8Array(r.data) }));
}

/** A document made of the room's log alone (no snapshot). */
export function docOf(updates: StoredUpdate[]): Y.Doc {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u.data);
  return doc;
}

/** Whether every item and deletion of `part` is in `whole`. */
export function contains(whole: Y.Doc, part: Y.Doc): boolean {
  const merged = new Y.Doc();
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(whole));
  Y.applyUpdate(merged, Y.encodeStateAsUpdate(part));
  return Y.equalSnapshots(Y.snapshot(merged), Y.snapshot(whole));
}

/** Waits until the room's log satisfies `done`, and returns it. */
export function storedWhere(
  athar: Instance,
  room: string,
  what: string,
  done: (updates: StoredUpdate[]) => boolean,
  timeout = 15_000
): Promise<StoredUpdate[]> {
  return vi.waitFor(
    async () => {
      const updates = await storedUpdates(athar, room);
      if (!done(updates)) throw new Error(`still waiting for ${what} (${updates.length} update(s) stored)`);
      return updates;
    },
    { timeout, interval: 20 }
  );
}

export type AnnotationPage = {
  '@context': unknown;
  id: string;
  type: 'AnnotationPage';
  items: Array<
    { id: string; body: Array<{ value: string; 'athar:field': string }> } & Record<string, unknown>
  >;
};

export function annotationPage(athar: Instance, itemId: string, token: string): Promise<AnnotationPage> {
  return getJson<AnnotationPage>(athar, `/api/items/${itemId}/annotations`, token);
}

/** The local ids (the last path segment) of an AnnotationPage's items. */
export function idsOf(page: AnnotationPage): string[] {
  return page.items.map((a) => a.id.split('/').at(-1) ?? '');
}

/**
 * Waits until the room is no longer in the server's memory, in any of its workers. A live room
 * never re-reads the log by itself, so a marker appended to the log behind its back shows in
 * `GET …/annotations` (which reads the worker's live room, or the store when it has none) only once
 * that worker's room has unloaded: the marker must show in the answer of every worker. Returns the
 * marker's id: it is part of the document from then on. (A room snapshots every 1000 updates; keep
 * a probed room below that, or a snapshot taken after the marker was appended could hide it.)
 */
export async function unloaded(athar: Instance, itemId: string, token: string): Promise<string> {
  const markerId = `unload-probe-${crypto.randomUUID()}`;
  const marker = new Y.Doc();
  annotate(marker, markerId, 'probe', { notes: 'appended to the log behind the room' });
  await query(athar, 'insert into collab_updates (room, user_id, at, data) values (?, ?, ?, ?)', [
    itemRoom(itemId),
    null,
    Date.now(),
    Buffer.from(Y.encodeStateAsUpdate(marker))
  ]);
  const workers = Number(athar.env.WORKERS ?? '1');
  const shown = new Map<string, boolean>();
  await vi.waitFor(
    async () => {
      const answer = await onNewConnection(athar, `/api/items/${itemId}/annotations`, { token });
      if (answer.status !== 200)
        throw new Error(`GET …/annotations answered ${answer.status}: ${answer.body}`);
      const page = JSON.parse(answer.body) as AnnotationPage;
      shown.set(answer.worker ?? 'the only one', idsOf(page).includes(markerId));
      const everywhere = shown.size === workers && [...shown.values()].every(Boolean);
      if (!everywhere) throw new Error(`${itemRoom(itemId)} has not unloaded in every worker yet`);
    },
    { timeout: 15_000, interval: 20 }
  );
  return markerId;
}

/**
 * For one describe block: an instance of `dialect` with a world of `items` photos, started before
 * the tests and destroyed after them; peers joined through `joined` are closed after each test.
 */
export function sharedWorld(dialect: TestDialect, items: number) {
  const state = {} as { athar: Instance; world: World };
  const peers: Peer[] = [];
  beforeAll(async () => {
    state.athar = await startInstance(dialect);
    state.world = await createWorld(state.athar, items);
  });
  afterEach(() => {
    for (const peer of peers.splice(0)) peer.close();
  });
  afterAll(async () => {
    await state.athar?.destroy();
  });
  return {
    state,
    async joined(room: string, who: keyof Omit<World, 'items' | 'rooms'>): Promise<Peer> {
      const peer = await join(state.athar, room, { token: state.world[who].token });
      peers.push(peer);
      return peer;
    }
  };
}
