/**
 * The world the collab specs share: one collection of small generated JPEGs ingested with the real
 * CLI (one item, so one room, per test that needs a clean document), and people with tokens:
 * an expert reviewer, a reviewer, an observer (all members), an outsider and an admin.
 * Plus readers of the stored log and a probe that tells when a room has unloaded.
 */
import path from 'node:path';
import * as Y from 'yjs';
import { expect } from 'vitest';
import type { Instance } from '../helpers/athar.ts';
import { writeAnnotation, type AnnotationRecord } from '../../src/lib/model/document-schema.ts';
import type { Finding } from '../../src/lib/model/injury.ts';
import { itemRoom } from '../../src/lib/model/rooms.ts';
import { colourOf, flatJpeg, removeDir, tempDir, writeFiles } from './fixtures.ts';
import { PASSWORD, addMember, addUser, getJson, ingest, query, until } from './evidence-support.ts';

export const COLLECTION = 'Case 7';
export const WIDTH = 320;
export const HEIGHT = 240;

export type Person = { id: string; email: string; token: string };

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

async function addExpert(athar: Instance, email: string): Promise<Person> {
  const added = await athar.cli(
    ['user', 'add', email, '--name', email.split('@')[0]!, '--role', 'reviewer', '--expert'],
    `${PASSWORD}\n`
  );
  expect(added, added.stderr).toMatchObject({ code: 0 });
  const id = /\(([a-z2-7]{24})\)/.exec(added.stdout)?.[1];
  if (!id) throw new Error(`no user id in: ${added.stdout}`);
  const created = await athar.cli(['token', 'create', email]);
  expect(created, created.stderr).toMatchObject({ code: 0 });
  return { id, email, token: created.stdout.trim().split('\n').at(-1) ?? '' };
}

/** Ingests `items` generated JPEGs into COLLECTION and adds the people. */
export async function createWorld(athar: Instance, items: number): Promise<World> {
  const dir = tempDir();
  try {
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < items; i++) files[`photo-${i}.jpg`] = await flatJpeg(WIDTH, HEIGHT, colourOf(i + 1));
    writeFiles(path.join(dir, 'batch'), files);
    const run = await ingest(athar, [path.join(dir, 'batch')], COLLECTION);
    expect(run.code, run.stderr).toBe(0);
    const ids = run.results
      .sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }))
      .map((r) => r.itemId);
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    const world: World = {
      items: ids as string[],
      rooms: (ids as string[]).map(itemRoom),
      admin: await addUser(athar, 'admin@example.org', 'admin'),
      alice: await addExpert(athar, 'alice@example.org'),
      bob: await addUser(athar, 'bob@example.org', 'reviewer'),
      olga: await addUser(athar, 'olga@example.org', 'observer'),
      oscar: await addUser(athar, 'oscar@example.org', 'reviewer')
    };
    for (const member of [world.alice, world.bob, world.olga])
      await addMember(athar, COLLECTION, member.email);
    return world;
  } finally {
    removeDir(dir);
  }
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

/** Polls the log until `done(updates)` holds. */
export function storedWhere(
  athar: Instance,
  room: string,
  what: string,
  done: (updates: StoredUpdate[]) => boolean,
  timeoutMs?: number
): Promise<StoredUpdate[]> {
  return until(
    what,
    async () => {
      const updates = await storedUpdates(athar, room);
      return done(updates) ? updates : undefined;
    },
    timeoutMs
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
 * Waits until the room is no longer in the server's memory. A live room never re-reads the log, so
 * a marker appended to the log behind its back shows in `GET …/annotations` (which reads the live
 * room, or the store when there is none) only once the room has unloaded. Returns the marker's id:
 * it is part of the document from then on. (A room snapshots every 1000 updates; keep a probed
 * room below that, or a snapshot taken after the marker was appended could hide it.)
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
  await until(`${itemRoom(itemId)} to unload`, async () =>
    idsOf(await annotationPage(athar, itemId, token)).includes(markerId) ? true : undefined
  );
  return markerId;
}
