/**
 * Nothing acknowledged is lost across a crash, a restart or a reconnect: after SIGKILL between an
 * edit and its store, the server has all it had stored and the client's unsent edits arrive when it
 * reconnects; a reconnect while the last store is still running loses nothing; SIGTERM stores
 * everything (and projects it) before the process exits 0.
 */
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { docWhere, join, sameState, serverClose, type Peer } from '../helpers/collab.ts';
import { annotationsOf, readAnnotations } from '../../src/lib/model/document-schema.ts';
import {
  annotate,
  contains,
  createWorld,
  docOf,
  storedUpdates,
  storedWhere,
  unloaded,
  type World
} from '../helpers/collab-world.ts';
import { query } from '../helpers/db.ts';

const has = (id: string) => (doc: Y.Doc) => annotationsOf(doc).has(id);
const ids = (doc: Y.Doc) => readAnnotations(doc).map((a) => a.id);

for (const dialect of DIALECTS) {
  describe(`collab durability (${dialect})`, () => {
    let athar: Instance;
    let world: World;
    const peers: Peer[] = [];
    const joined = async (room: string, who: 'alice' | 'bob', doc?: Y.Doc) => {
      const peer = await join(athar, room, { token: world[who].token }, doc);
      peers.push(peer);
      return peer;
    };

    beforeAll(async () => {
      athar = await startInstance(dialect);
      world = await createWorld(athar, 3);
    });
    afterEach(() => {
      for (const peer of peers.splice(0)) peer.close();
    });
    afterAll(async () => {
      await athar?.destroy();
    });

    it("keeps what was stored through a SIGKILL, and the client's unsent edits arrive when it reconnects", async () => {
      const room = world.rooms[0]!;
      const alice = await joined(room, 'alice');
      for (let i = 0; i < 3; i++) annotate(alice.doc, `stored-${i}`, world.alice.id);
      const stored = await storedWhere(athar, room, 'the first edits stored', (u) =>
        contains(docOf(u), alice.doc)
      );

      // Edits, then the kill at once: the server may have applied some of them, stored none, or
      // died before reading them. The client still has them all.
      annotate(alice.doc, 'unsent-0', world.alice.id);
      (annotationsOf(alice.doc).get('stored-0')?.get('finding') as Y.Map<unknown>).set('notes', 'changed');
      annotationsOf(alice.doc).delete('stored-1');
      expect(await athar.stop('SIGKILL')).toBeNull();
      await serverClose(alice);
      alice.close();
      // …and one more while the server is down.
      annotate(alice.doc, 'offline-0', world.alice.id);

      await athar.start();
      const afterCrash = await storedUpdates(athar, room);
      expect(afterCrash.slice(0, stored.length)).toEqual(stored);
      const bob = await joined(room, 'bob');
      expect(contains(bob.doc, docOf(stored))).toBe(true);

      // A new provider with the same document (a new port, so a new URL) re-sends what the server lacks.
      const back = await joined(room, 'alice', alice.doc);
      await docWhere(bob.doc, "alice's unsent and offline edits at bob", (doc) => sameState(doc, back.doc));
      expect(ids(bob.doc).sort()).toEqual(['offline-0', 'stored-0', 'stored-2', 'unsent-0']);
      expect(readAnnotations(bob.doc).find((a) => a.id === 'stored-0')?.finding.notes).toBe('changed');
      const log = await storedWhere(athar, room, 'the merged document stored', (u) =>
        contains(docOf(u), back.doc)
      );
      expect(sameState(docOf(log), back.doc)).toBe(true);
      expect(new Set(log.map((u) => u.userId))).toEqual(new Set([world.alice.id]));
    });

    it('loses nothing when a client reconnects while its last store is still running', async () => {
      const [itemId, room] = [world.items[1]!, world.rooms[1]!];
      let previous = new Y.Doc();
      for (let round = 0; round < 10; round++) {
        // A new document each time (a reloaded page): what came before can only come from the server.
        const peer = await joined(room, 'alice');
        await docWhere(peer.doc, `the edits before round ${round} from the server`, (d) =>
          contains(d, previous)
        );
        // A burst, then leave at once: the room is left with updates still to store.
        for (let i = 0; i < 20; i++)
          annotate(peer.doc, `r${round}-${i}`, world.alice.id, { notes: 'x'.repeat(500) });
        peer.close();
        previous = peer.doc;
      }

      const marker = await unloaded(athar, itemId, world.bob.token);
      const fresh = await joined(room, 'bob');
      expect(contains(fresh.doc, previous)).toBe(true);
      expect(ids(fresh.doc)).toHaveLength(10 * 20 + 1);
      expect(has(marker)(fresh.doc)).toBe(true);
      expect(contains(docOf(await storedUpdates(athar, room)), previous)).toBe(true);
    });

    it('stores and projects everything on SIGTERM before exiting 0', async () => {
      const room = world.rooms[2]!;
      const alice = await joined(room, 'alice');
      const bob = await joined(room, 'bob');
      for (let i = 0; i < 5; i++) annotate(alice.doc, `term-${i}`, world.alice.id, { lesionType: 'scar' });
      // Once bob has the edits, the server holds them (in memory at least); then SIGTERM at once.
      await docWhere(bob.doc, 'the edits at bob', has('term-4'));
      const code = await athar.stop('SIGTERM');
      expect(code).toBe(0);
      // One process says "shutting down", the primary of several "stopping N workers".
      expect(athar.output()).toMatch(/SIGTERM: (shutting down|stopping \d+ workers)[\s\S]*\[athar\] stopped/);
      alice.close();
      bob.close();

      await athar.start();
      const log = await storedUpdates(athar, room);
      expect(contains(docOf(log), alice.doc)).toBe(true);
      expect(new Set(log.map((u) => u.userId))).toEqual(new Set([world.alice.id]));
      const projected = await query<{ id: string }>(
        athar,
        'select id from annotations where room = ? order by id',
        [room]
      );
      expect(projected.map((r) => r.id)).toEqual(['term-0', 'term-1', 'term-2', 'term-3', 'term-4']);
      const fresh = await joined(room, 'bob');
      expect(contains(fresh.doc, alice.doc)).toBe(true);
      expect(ids(fresh.doc).sort()).toEqual(['term-0', 'term-1', 'term-2', 'term-3', 'term-4']);
    });
  });
}
