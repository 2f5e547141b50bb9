/**
 * Two instances against one PostgreSQL database and one Redis (issue: several instances): a client
 * on each edits the same room and they converge, presence crosses over, each update is stored once,
 * and when one instance is killed its clients, reconnecting to the other, lose nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { REDIS_AVAILABLE, REDIS_URL } from '../helpers/redis.ts';
import { awarenessWhere, docWhere, join, type Peer } from '../helpers/collab.ts';
import {
  annotate,
  contains,
  createWorld,
  docOf,
  storedUpdates,
  storedWhere,
  type World
} from '../helpers/collab-world.ts';
import { countOf } from '../helpers/db.ts';

// Several instances need a shared database server: PostgreSQL (SQLite is one process's file).
describe.runIf(REDIS_AVAILABLE && DIALECTS.includes('postgres'))(
  'two instances on PostgreSQL and Redis',
  () => {
    let a: Instance;
    let b: Instance;
    let world: World;
    let room: string;
    const peers: Peer[] = [];
    const has = (ids: string[]) => (doc: Y.Doc) => ids.every((id) => doc.getMap('annotations').has(id));

    beforeAll(async () => {
      a = await createInstance('postgres', { REDIS_URL });
      await a.start();
      world = await createWorld(a, 1);
      room = world.rooms[0]!;
      // B shares A's database and data directory (originals and tiles live on a shared DATA_DIR).
      b = await createInstance('postgres', {
        REDIS_URL,
        DATABASE_URL: a.env.DATABASE_URL,
        DATA_DIR: a.dataDir
      });
      await b.start();
    });
    afterAll(async () => {
      for (const peer of peers) peer.close();
      await b.destroy();
      await a.destroy();
    });

    it('converges a client on each instance, with presence crossing over', async () => {
      const onA = await join(a, room, { token: world.alice.token });
      const onB = await join(b, room, { token: world.bob.token });
      peers.push(onA, onB);
      annotate(onA.doc, 'from-a', world.alice.id);
      annotate(onB.doc, 'from-b', world.bob.id, { lesionType: 'abrasion' });
      await docWhere(onA.doc, 'A to see B', has(['from-a', 'from-b']));
      await docWhere(onB.doc, 'B to see A', has(['from-a', 'from-b']));
      onA.awareness.setLocalStateField('user', { name: 'alice on A' });
      await awarenessWhere(onB, 'alice on B', (states) =>
        [...states.values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'alice on A')
      );
    });

    it('stores each update exactly once, with its author', async () => {
      const [onA] = peers as [Peer, Peer];
      const updates = await storedWhere(a, room, 'both edits stored', (u) => contains(docOf(u), onA.doc));
      const digests = await countOf(
        b,
        'select count(distinct digest) as n from collab_updates where room = ?',
        [room]
      );
      expect(digests).toBe(updates.length);
      const authors = new Set(updates.map((u) => u.userId));
      expect(authors).toEqual(new Set([world.alice.id, world.bob.id]));
    });

    it('loses nothing when an instance is killed and its clients reconnect to the other', async () => {
      const [onA, onB] = peers as [Peer, Peer];
      annotate(onA.doc, 'last-words', world.alice.id, { lesionType: 'scar' });
      const code = await a.stop('SIGKILL');
      expect(code).toBeNull(); // killed, not a clean exit
      // A's client moves to B with its own document: whatever A never stored is re-sent.
      onA.close();
      const moved = await join(b, room, { token: world.alice.token }, onA.doc);
      peers.push(moved);
      await docWhere(onB.doc, 'the last edit to reach B', has(['from-a', 'from-b', 'last-words']));
      const stored = await storedWhere(b, room, 'the last edit stored', (u) =>
        has(['from-a', 'from-b', 'last-words'])(docOf(u))
      );
      expect(contains(docOf(stored), moved.doc)).toBe(true);
      expect((await storedUpdates(b, room)).length).toBe(
        await countOf(b, 'select count(distinct digest) as n from collab_updates where room = ?', [room])
      );
    });
  }
);
