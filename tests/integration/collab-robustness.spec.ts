/**
 * A bad client is dropped and nothing else is harmed: malformed, truncated and unknown messages,
 * a message over the size limit, an awareness flood, and a client that connects and disconnects in
 * a tight loop while others edit. Each time the server answers, the room keeps syncing and storing,
 * and nothing written is lost.
 */
import net from 'node:net';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import {
  authHeaders,
  awarenessWhere,
  docWhere,
  join,
  rawSocket,
  sameState,
  waitFor,
  within,
  type Peer
} from '../helpers/collab.ts';
import { annotationsOf, readAnnotations } from '../../src/lib/model/document-schema.ts';
import {
  annotate,
  contains,
  createWorld,
  docOf,
  storedWhere,
  unloaded,
  type World
} from '../helpers/collab-world.ts';
import { closeFrameCode, handshake, maskedFrame } from '../helpers/websocket-wire.ts';

const MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
const SYNC = 0;
const AWARENESS = 1;

const has = (id: string) => (doc: Y.Doc) => annotationsOf(doc).has(id);

function message(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** A y-protocols awareness update announcing a state for each of `ids`. */
function awarenessUpdate(ids: number[], clock = 1): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, ids.length);
    for (const id of ids) {
      encoding.writeVarUint(e, id);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, JSON.stringify({ user: { name: `ghost ${id}` } }));
    }
  });
}

function awarenessMessage(update: Uint8Array): Uint8Array {
  return message((e) => {
    encoding.writeVarUint(e, AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });
}

/** A document with some content, so its state vector and update are not trivially short. */
function someDoc(): Y.Doc {
  const doc = new Y.Doc();
  annotate(doc, 'x', 'nobody', { notes: 'n'.repeat(200) });
  return doc;
}

const syncStep1 = message((e) => {
  encoding.writeVarUint(e, SYNC);
  syncProtocol.writeSyncStep1(e, someDoc());
});
const syncUpdate = message((e) => {
  encoding.writeVarUint(e, SYNC);
  syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(someDoc()));
});

/** Opens `/collab/<room>` by hand, so the test controls how frames are written. */
for (const dialect of DIALECTS) {
  describe(`collab robustness (${dialect})`, () => {
    let athar: Instance;
    let world: World;
    const peers: Peer[] = [];
    const joined = async (room: string, who: 'alice' | 'bob' | 'admin') => {
      const peer = await join(athar, room, { token: world[who].token });
      peers.push(peer);
      return peer;
    };
    const healthy = async () => expect((await fetch(`${athar.url}/healthz`)).status).toBe(200);
    /** Alice writes; bob must see it and the log must hold it: the room syncs and stores. */
    const stillSyncing = async (room: string, alice: Peer, bob: Peer, id: string) => {
      annotate(alice.doc, id, world.alice.id);
      await docWhere(bob.doc, `${id} at bob`, has(id));
      await storedWhere(athar, room, `${id} stored`, (u) => has(id)(docOf(u)));
    };

    beforeAll(async () => {
      athar = await startInstance(dialect);
      world = await createWorld(athar, 6);
    });
    afterEach(() => {
      for (const peer of peers.splice(0)) peer.close();
    });
    afterAll(async () => {
      await athar?.destroy();
    });

    it('closes a connection that sends a malformed, truncated or unknown message (1007, 4400 for an update); the room lives on', async () => {
      const room = world.rooms[0]!;
      const alice = await joined(room, 'alice');
      const bob = await joined(room, 'bob');
      // A frame the protocol cannot read is 1007; a well-framed update that is not one is refused
      // by the update's own checks (4400).
      const cases: Array<[string, Uint8Array, number?]> = [
        [
          'garbage bytes',
          Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])
        ],
        ['text bytes', new TextEncoder().encode('GET / HTTP/1.1\r\n')],
        ['an empty message', new Uint8Array(0)],
        ['a truncated sync step 1', syncStep1.subarray(0, syncStep1.length - 5)],
        ['a sync step 1 cut after its type', syncStep1.subarray(0, 2)],
        ['a truncated update', syncUpdate.subarray(0, syncUpdate.length - 40)],
        ['an update that is not one', Uint8Array.from([SYNC, 2, 4, 0xff, 0xff, 0xff, 0xff]), 4400],
        ['an unknown sync message', Uint8Array.from([SYNC, 9, 0])],
        ['an unknown message type', Uint8Array.from([42, 0, 0])],
        ['an auth message (not spoken here)', Uint8Array.from([2, 0, 0])],
        ['a truncated awareness update', awarenessMessage(awarenessUpdate([7])).subarray(0, 12)],
        [
          'awareness whose state is not JSON',
          awarenessMessage(
            message((e) => {
              encoding.writeVarUint(e, 1);
              encoding.writeVarUint(e, 7);
              encoding.writeVarUint(e, 1);
              encoding.writeVarString(e, '{not json');
            })
          )
        ]
      ];
      for (const [what, bytes, code = 1007] of cases) {
        const bad = await rawSocket(athar, room, { token: world.bob.token });
        bad.ws.send(bytes);
        expect((await within(`${what}: the close`, bad.closed)).code, what).toBe(code);
      }
      await healthy();
      await stillSyncing(room, alice, bob, 'after-malformed');
      expect(alice.closes).toEqual([]);
      expect(bob.closes).toEqual([]);
      await docWhere(bob.doc, 'convergence', (doc) => sameState(doc, alice.doc));
    });

    it('closes a connection whose sync step 1 is malformed while its edit waits to be stored (1007); the server lives on', async () => {
      // The answer to a step 1 waits for the room's pending edits to be stored; the state vector
      // it answers must be refused at once, not fail later inside that wait (an unhandled rejection
      // ends the process, with every room on it).
      const room = world.rooms[0]!;
      const alice = await joined(room, 'alice');
      const bob = await joined(room, 'bob');
      const bad = await rawSocket(athar, room, { token: world.bob.token });
      if (bad.messages.length === 0)
        await within('the room loaded', new Promise((r) => bad.ws.once('message', r)));
      const edit = new Y.Doc();
      annotate(edit, 'edit-before-bad-step-1', world.bob.id);
      bad.ws.send(
        message((e) => {
          encoding.writeVarUint(e, SYNC);
          syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(edit));
        })
      );
      // A state vector announcing five entries and holding none.
      bad.ws.send(
        message((e) => {
          encoding.writeVarUint(e, SYNC);
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint8Array(e, Uint8Array.from([5]));
        })
      );
      expect((await within('the close', bad.closed)).code).toBe(1007);
      await healthy();
      await storedWhere(athar, room, 'the edit before it stored', (u) =>
        has('edit-before-bad-step-1')(docOf(u))
      );
      await stillSyncing(room, alice, bob, 'after-bad-step-1');
      expect(alice.closes).toEqual([]);
      expect(bob.closes).toEqual([]);
    });

    it('judges a truncated message by its own bytes, not by those of the message after it', async () => {
      const room = world.rooms[5]!;
      const alice = await joined(room, 'alice');
      const bob = await joined(room, 'bob');
      annotate(alice.doc, 'some', world.alice.id);
      await docWhere(bob.doc, 'some content at bob', has('some'));
      // Two frames in one TCP write, so both sit in one buffer on the server: a sync step 1 that
      // announces a 9-byte state vector and carries 2, then a query for presence. A decoder that
      // read past the message's end would borrow the second frame's header, mask and payload, and
      // answer a valid-looking message instead of closing the connection.
      const truncated = Uint8Array.from([SYNC, syncProtocol.messageYjsSyncStep1, 9, 1, 5]);
      const socket = await handshake(athar, room, authHeaders({ token: world.bob.token }));
      const closed = new Promise<number>((resolve) => {
        let answer = Buffer.alloc(0);
        socket.on('data', (chunk: Buffer) => {
          answer = Buffer.concat([answer, chunk]);
          const close = closeFrameCode(answer);
          if (close !== undefined) resolve(close);
        });
        socket.on('close', () => resolve(closeFrameCode(answer) ?? -1));
      });
      socket.write(Buffer.concat([maskedFrame(truncated), maskedFrame(Uint8Array.from([3]))]));
      expect(await within('the close of the truncated sender', closed)).toBe(1007);
      socket.destroy();
      await stillSyncing(room, alice, bob, 'after-truncated');
    });

    it('closes a connection whose message is over the size limit (1009); the server lives on', async () => {
      const room = world.rooms[1]!;
      const alice = await joined(room, 'alice');
      const bob = await joined(room, 'bob');

      // Exactly the limit is a message like any other: a sync step 1 (an empty state vector, then
      // zeros the decoder never reads), answered with sync step 2.
      const atLimit = await rawSocket(athar, room, { token: world.bob.token });
      const before = atLimit.messages.length;
      const padded = new Uint8Array(MAX_MESSAGE_BYTES);
      padded.set([SYNC, syncProtocol.messageYjsSyncStep1, 1, 0]);
      atLimit.ws.send(padded);
      await waitFor(
        'an answer to the message at the limit',
        () =>
          atLimit.messages
            .slice(before)
            .some((m) => m[0] === SYNC && m[1] === syncProtocol.messageYjsSyncStep2),
        (onChange) => {
          atLimit.ws.on('message', onChange);
          return () => atLimit.ws.off('message', onChange);
        }
      );
      expect(atLimit.ws.readyState).toBe(atLimit.ws.OPEN);
      atLimit.ws.close();

      const over = await rawSocket(athar, room, { token: world.bob.token });
      over.ws.send(new Uint8Array(MAX_MESSAGE_BYTES + 1));
      expect((await within('the close of the oversized sender', over.closed)).code).toBe(1009);

      await healthy();
      await stillSyncing(room, alice, bob, 'after-oversize');
      expect(alice.closes).toEqual([]);
      expect(bob.closes).toEqual([]);
    });

    it('closes an awareness flooder (1008) and the others never receive its fake states', async () => {
      const room = world.rooms[2]!;
      const alice = await joined(room, 'alice');
      const bob = await joined(room, 'bob');
      const ids = Array.from({ length: 1000 }, (_, i) => 1_000_000 + i);
      const fake = new Set([...ids, 42]);
      let most = 0;
      const shown = new Set<number>();
      bob.awareness.on('change', () => {
        most = Math.max(most, bob.awareness.getStates().size);
        for (const id of bob.awareness.getStates().keys()) if (fake.has(id)) shown.add(id);
      });

      const flooder = await rawSocket(athar, room, { token: world.bob.token });
      flooder.ws.send(awarenessMessage(awarenessUpdate(ids)));
      expect(await within('the flooder closed', flooder.closed)).toEqual({
        code: 1008,
        reason: 'too many presence ids'
      });

      // The same flood as a stream of messages, a few ids at a time, and at a high rate.
      const trickler = await rawSocket(athar, room, { token: world.bob.token });
      for (let i = 0; i < ids.length; i += 2)
        trickler.ws.send(awarenessMessage(awarenessUpdate(ids.slice(i, i + 2))));
      expect((await within('the trickler closed', trickler.closed)).code).toBe(1008);

      const chatterbox = await rawSocket(athar, room, { token: world.bob.token });
      for (let clock = 1; clock <= 1000; clock++)
        chatterbox.ws.send(awarenessMessage(awarenessUpdate([42], clock)));
      expect(await within('the chatterbox closed', chatterbox.closed)).toEqual({
        code: 1008,
        reason: 'awareness flood'
      });

      // The chatterbox's one id shows at bob, then goes when the server drops the connection
      // (a socket's close reaches this end before the server is done with it). Once it has
      // gone, everything the flooders made the server relay has reached bob.
      await awarenessWhere(
        bob,
        'the ghosts gone from bob after they showed',
        (states) => shown.has(42) && ![...states.keys()].some((id) => fake.has(id))
      );
      // At most a handful of ghosts (4 per connection) showed, never the thousand.
      expect(shown.size).toBeLessThanOrEqual(1 + 2 * 4);
      expect(most).toBeLessThanOrEqual(2 + 3 * 4);

      // Presence still works.
      alice.awareness.setLocalStateField('user', { name: 'alice' });
      await awarenessWhere(bob, "alice's presence at bob", (states) =>
        [...states.values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'alice')
      );
      await stillSyncing(room, alice, bob, 'after-flood');
      // The stock client echoes every presence change it receives: that must not get it closed.
      expect(alice.closes).toEqual([]);
      expect(bob.closes).toEqual([]);
    });

    it(
      'survives a client connecting and disconnecting in a tight loop while another edits; nothing is lost',
      { timeout: 180_000 },
      async () => {
        const [itemId, room] = [world.items[3]!, world.rooms[3]!];
        const [quietItem, quietRoom] = [world.items[4]!, world.rooms[4]!];
        const alice = await joined(room, 'alice');
        const bob = await joined(room, 'bob');
        const { hostname, port } = new URL(athar.url);
        const bobs = authHeaders({ token: world.bob.token });

        /** An upgrade request whose socket is gone before the server has decided. */
        const abandoned = (target: string) =>
          new Promise<void>((resolve, reject) => {
            const socket = net.connect(Number(port), hostname, () => {
              socket.end(
                `GET /collab/${target} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: Upgrade\r\n` +
                  'Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
                  `Authorization: ${bobs.authorization}\r\n\r\n`,
                () => {
                  socket.destroy();
                  resolve();
                }
              );
            });
            socket.on('error', reject);
          });

        for (let i = 0; i < 200; i++) {
          const target = i % 2 === 0 ? room : quietRoom;
          if (i % 10 === 0) annotate(alice.doc, `loop-${i}`, world.alice.id);
          if (i % 4 === 3) {
            await abandoned(target);
            continue;
          }
          const churn = await rawSocket(athar, target, { token: world.bob.token });
          if (i % 4 === 1) churn.ws.send(syncStep1);
          if (i % 4 === 2) churn.ws.terminate();
          else churn.ws.close();
          await within('the churned socket closed', churn.closed);
        }
        await healthy();
        await stillSyncing(room, alice, bob, 'after-churn');
        await docWhere(bob.doc, 'convergence', (doc) => sameState(doc, alice.doc));
        expect(alice.closes).toEqual([]);
        expect(bob.closes).toEqual([]);

        // A room that only churning clients ever opened unloads: none of them stayed behind.
        await unloaded(athar, quietItem, world.bob.token);
        const written = alice.doc;
        alice.close();
        bob.close();
        const marker = await unloaded(athar, itemId, world.bob.token);
        const fresh = await joined(room, 'bob');
        expect(contains(fresh.doc, written)).toBe(true);
        expect(readAnnotations(fresh.doc).map((a) => a.id)).toEqual(
          expect.arrayContaining([
            ...Array.from({ length: 20 }, (_, i) => `loop-${i * 10}`),
            'after-churn',
            marker
          ])
        );
        expect(readAnnotations(fresh.doc)).toHaveLength(22);
      }
    );
  });
}
