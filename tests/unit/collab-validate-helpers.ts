/** Real Yjs documents and the updates real clients send, for the socket validator's tests. */
import * as Y from 'yjs';
import { expect } from 'vitest';
import { parseRoomName, type RoomName } from '../../src/lib/model/rooms.ts';
import {
  validateUpdate,
  type UpdateContext,
  type UpdateSender,
  type Verdict
} from '../../src/lib/server/collab/validate/index.ts';

const ITEM_ID = 'a'.repeat(24);
export const SHARED = parseRoomName(`item/${ITEM_ID}`) as RoomName;
export const BLIND = parseRoomName(`item/${ITEM_ID}/review/${'b'.repeat(24)}`) as RoomName;

export const reviewer: UpdateSender = {
  userId: 'reviewer1',
  role: 'reviewer',
  expert: false,
  readOnly: false
};
export const expert: UpdateSender = { userId: 'expert1', role: 'reviewer', expert: true, readOnly: false };
export const observer: UpdateSender = {
  userId: 'observer1',
  role: 'observer',
  expert: false,
  readOnly: true
};

export const NOW = Date.UTC(2025, 4, 1);
export const RECT = JSON.stringify({
  type: 'FragmentSelector',
  conformsTo: 'http://www.w3.org/TR/media-frags/',
  value: 'xywh=pixel:10,20,30.5,40'
});

/** A client that has synced with `server`: its document holds everything the server stores. */
export function clientOf(server: Y.Doc): Y.Doc {
  const client = new Y.Doc();
  Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
  return client;
}

/** The update the stock provider sends for one transaction of `client`. */
export function edit(client: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const record = (update: Uint8Array) => updates.push(update);
  client.on('update', record);
  client.transact(() => change(client));
  client.off('update', record);
  expect(updates).toHaveLength(1);
  return updates[0] as Uint8Array;
}

/** Annotation writes as the browser's binding makes them (bind-annotations.ts). */
export function annotate(doc: Y.Doc, id: string, userId: string, target = RECT): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  map.set('target', target);
  map.set('finding', new Y.Map<unknown>());
  map.set('createdBy', userId);
  map.set('createdAt', NOW);
  map.set('updatedBy', userId);
  map.set('updatedAt', NOW);
  doc.getMap('annotations').set(id, map);
  return map;
}

export function findingOf(doc: Y.Doc, id: string): Y.Map<unknown> {
  return (doc.getMap('annotations').get(id) as Y.Map<unknown>).get('finding') as Y.Map<unknown>;
}

/** Validates and asserts that the room's document is untouched by the check. */
export function check(
  server: Y.Doc,
  update: Uint8Array,
  sender: UpdateSender,
  extra: Partial<UpdateContext> = {}
): Verdict {
  const before = Y.encodeStateAsUpdate(server);
  const roots = server.share.size;
  const verdict = validateUpdate({ doc: server, update, room: SHARED, sender, ...extra });
  expect(Y.encodeStateAsUpdate(server)).toEqual(before);
  expect(server.share.size).toBe(roots);
  return verdict;
}

/** Accepted, and applying it leaves nothing pending in the room. */
export function expectAccepted(server: Y.Doc, update: Uint8Array, sender: UpdateSender, extra = {}): void {
  expect(check(server, update, sender, extra)).toEqual({ ok: true });
  Y.applyUpdate(server, update);
  expect(server.store.pendingStructs).toBeNull();
  expect(server.store.pendingDs).toBeNull();
}

export function expectRefused(
  server: Y.Doc,
  update: Uint8Array,
  sender: UpdateSender,
  code: string,
  extra: Partial<UpdateContext> = {}
): void {
  const verdict = check(server, update, sender, extra);
  expect(verdict).toMatchObject({ ok: false, code });
}

/** A room holding one annotation by the reviewer, and a client synced with it. */
export function roomWithAnnotation() {
  const server = new Y.Doc();
  const client = clientOf(server);
  expectAccepted(
    server,
    edit(client, (doc) => annotate(doc, 'a1', reviewer.userId)),
    reviewer
  );
  return { server, client };
}
