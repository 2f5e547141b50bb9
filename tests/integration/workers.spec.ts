/**
 * WORKERS=2 (server/cluster.ts): two server processes behind one port, no Redis. Connections spread
 * over both; clients of one room in different workers see each other's edits (relayed over IPC)
 * and each update is stored once; sign-in throttling holds whichever worker a guess reaches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createInstance, type Instance } from '../helpers/athar.ts';
import { docWhere, join, type Peer } from '../helpers/collab.ts';
import { annotate, contains, createWorld, docOf, storedWhere, type World } from '../helpers/collab-world.ts';
import { countOf } from '../helpers/db.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { PASSWORD, onNewConnection } from '../helpers/http.ts';

for (const dialect of DIALECTS) {
  describe(`two workers, one port (${dialect})`, () => {
    let athar: Instance;
    let world: World;
    const peers: Peer[] = [];

    beforeAll(async () => {
      athar = await createInstance(dialect, { WORKERS: '2' });
      await athar.start();
      world = await createWorld(athar, 1);
    });
    afterAll(async () => {
      for (const peer of peers) peer.close();
      await athar?.destroy();
    });

    it('starts two workers and hands connections to both', async () => {
      expect(athar.output()).toMatch(/listening on .* \(2 workers\)/);
      const answers = [];
      for (let i = 0; i < 4; i++) answers.push(await onNewConnection(athar, '/healthz'));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(new Set(answers.map((a) => a.worker))).toEqual(new Set(['1', '2']));
    });

    it('relays a room between workers: every client sees every edit, each stored once', async () => {
      const room = world.rooms[0]!;
      // Four connections in turn: the primary hands them to the two workers alternately.
      for (const person of [world.alice, world.bob, world.alice, world.bob])
        peers.push(await join(athar, room, { token: person.token }));
      const ids = peers.map((_, i) => `from-${i}`);
      peers.forEach((peer, i) => annotate(peer.doc, ids[i]!, i % 2 ? world.bob.id : world.alice.id));
      const hasAll = (doc: Y.Doc) => ids.every((id) => doc.getMap('annotations').has(id));
      for (const [i, peer] of peers.entries()) await docWhere(peer.doc, `client ${i} to see all`, hasAll);
      const stored = await storedWhere(athar, room, 'every edit stored', (u) =>
        contains(docOf(u), peers[0]!.doc)
      );
      const digests = await countOf(
        athar,
        'select count(distinct digest) as n from collab_updates where room = ?',
        [room]
      );
      expect(stored.length).toBe(digests);
    });

    it('holds the sign-in lock whichever worker the guesses reach', async () => {
      const guesses = [];
      for (let i = 0; i < 5; i++)
        guesses.push(
          await onNewConnection(athar, '/api/session', {
            json: { email: world.oscar.email, password: 'wrong guess' }
          })
        );
      expect(guesses.map((g) => g.status)).toEqual([401, 401, 401, 401, 401]);
      expect(new Set(guesses.map((g) => g.worker))).toEqual(new Set(['1', '2']));
      for (let i = 0; i < 2; i++) {
        const right = await onNewConnection(athar, '/api/session', {
          json: { email: world.oscar.email, password: PASSWORD }
        });
        expect(right.status).toBe(429);
      }
    });

    it('stops its workers on SIGTERM to the primary and exits 0', async () => {
      expect(await athar.stop('SIGTERM')).toBe(0);
      expect(athar.output()).toMatch(/stopping 2 workers[\s\S]*\[athar\] stopped/);
    });
  });
}
