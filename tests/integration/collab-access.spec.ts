/**
 * Who may open `/collab/item/<id>`: refusals are plain HTTP answers before any socket opens; an
 * observer reads the document and shows presence but cannot change anything; a user who is
 * disabled, or removed from the collection, is disconnected within seconds.
 */
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import {
  authHeaders,
  awarenessWhere,
  docWhere,
  join,
  serverClose,
  upgradeStatus,
  type CollabAuth,
  type Peer
} from '../helpers/collab.ts';
import { annotationsOf, readAnnotations } from '../../src/lib/model/document-schema.ts';
import {
  annotate,
  COLLECTION,
  createWorld,
  docOf,
  storedWhere,
  type World
} from '../helpers/collab-world.ts';
import { collectionIdOf, query } from '../helpers/db.ts';
import { type Client, SESSION_COOKIE, signIn } from '../helpers/http.ts';
import { addMember, addPerson } from '../helpers/world.ts';

/** "Disconnected within seconds": the server re-checks within 2 s of any change that can take access
 * away (and every connection each minute); the bound leaves room for load, and stays well under the
 * minute, so these tests fail if a change does not move the access epoch. */
const REVOKED_MS = 15_000;

const has = (id: string) => (doc: Y.Doc) => annotationsOf(doc).has(id);

for (const dialect of DIALECTS) {
  describe(`collab access (${dialect})`, () => {
    let athar: Instance;
    let world: World;
    let admin: Client;
    const peers: Peer[] = [];
    const joined = async (room: string, auth: CollabAuth) => {
      const peer = await join(athar, room, auth);
      peers.push(peer);
      return peer;
    };
    const cookieOf = async (email: string) => ({
      cookie: (await signIn(athar, email)).cookies.get(SESSION_COOKIE)!,
      origin: athar.url
    });
    const status = (room: string, headers: Record<string, string>) =>
      upgradeStatus(athar, `/collab/${room}`, headers);

    beforeAll(async () => {
      athar = await startInstance(dialect);
      world = await createWorld(athar, 4);
      admin = await signIn(athar, world.admin.email);
    });
    afterEach(() => {
      for (const peer of peers.splice(0)) peer.close();
    });
    afterAll(async () => {
      await athar?.destroy();
    });

    it('answers an unauthorised upgrade with 401/403/404 before any socket opens', async () => {
      const [itemId, room] = [world.items[0]!, world.rooms[0]!];
      const bobsCookie = await cookieOf(world.bob.email);
      const member = { token: world.bob.token };
      const cases: Array<[string, string, Record<string, string>, number]> = [
        ['no credentials', room, {}, 401],
        ['a garbage token', room, { authorization: 'Bearer athar_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' }, 401],
        ['a token of the wrong shape', room, { authorization: 'Bearer ../../etc/passwd' }, 401],
        ['a garbage cookie', room, { cookie: `${SESSION_COOKIE}=nope`, origin: athar.url }, 401],
        [
          'a bad token beside a good cookie',
          room,
          { ...authHeaders(bobsCookie), authorization: 'Bearer x' },
          401
        ],
        ['a user outside the collection', room, authHeaders({ token: world.oscar.token }), 403],
        [
          'a cookie with a foreign Origin',
          room,
          { ...authHeaders(bobsCookie), origin: 'https://evil.example' },
          403
        ],
        ['a cookie without an Origin', room, { cookie: `${SESSION_COOKIE}=${bobsCookie.cookie}` }, 403],
        ['a path escaping the room pattern', 'item%2F..%2Fx', authHeaders(member), 404],
        ['an encoded traversal to a real item', `item%2F..%2Fitem%2F${itemId}`, authHeaders(member), 404],
        ['a room of no known kind', `user/${world.bob.id}`, authHeaders(member), 404],
        ['an unknown item', `item/${'a'.repeat(24)}`, authHeaders(member), 404],
        [
          'a blind review layer of no assignment',
          `${room}/review/${'b'.repeat(24)}`,
          authHeaders(member),
          404
        ],
        ['a malformed escape', 'item%ZZ', authHeaders(member), 400]
      ];
      for (const [what, path, headers, expected] of cases)
        expect(await status(path, headers), what).toBe(expected);

      // The same doors open with the right credentials.
      expect(await status(room, authHeaders(member))).toBe(101);
      expect(await status(room, authHeaders(bobsCookie))).toBe(101);
      expect(
        await status(room, authHeaders({ token: world.admin.token })),
        'an admin sees every collection'
      ).toBe(101);
    });

    it("lets an observer read the document and show presence, but drops the observer's updates", async () => {
      const room = world.rooms[1]!;
      const alice = await joined(room, { token: world.alice.token });
      annotate(alice.doc, 'before', world.alice.id);
      await storedWhere(athar, room, "alice's first annotation stored", (u) => has('before')(docOf(u)));

      const olga = await joined(room, { token: world.olga.token });
      expect(has('before')(olga.doc)).toBe(true);
      annotate(alice.doc, 'live', world.alice.id);
      await docWhere(olga.doc, 'a live update at the observer', has('live'));

      // The observer edits, then publishes presence on the same socket: once alice sees the
      // presence, the server has handled the edit before it.
      annotate(olga.doc, 'forged', world.olga.id, { lesionType: 'other', notes: 'observers write nothing' });
      annotationsOf(olga.doc).delete('before');
      olga.awareness.setLocalStateField('user', { name: 'olga' });
      await awarenessWhere(alice, "the observer's presence at alice", (states) =>
        [...states.values()].some((s) => (s.user as { name?: string } | undefined)?.name === 'olga')
      );
      // A later edit by alice: once it is stored and has reached the observer, anything the
      // observer's edit would have caused (stored before it, relayed before it) would show.
      annotate(alice.doc, 'after', world.alice.id);
      const stored = await storedWhere(athar, room, "alice's later annotation stored", (u) =>
        has('after')(docOf(u))
      );
      await docWhere(olga.doc, 'the later update at the observer', has('after'));

      expect(has('forged')(alice.doc)).toBe(false);
      expect(has('before')(alice.doc)).toBe(true);
      const log = docOf(stored);
      expect(has('forged')(log)).toBe(false);
      expect(has('before')(log)).toBe(true);
      expect(stored.map((u) => u.userId)).not.toContain(world.olga.id);
      expect(stored.flatMap((u) => [...Y.parseUpdateMeta(u.data).from.keys()])).not.toContain(
        olga.doc.clientID
      );

      const bob = await joined(room, { token: world.bob.token });
      expect(
        readAnnotations(bob.doc)
          .map((a) => a.id)
          .sort()
      ).toEqual(['after', 'before', 'live']);
    });

    it('disconnects a user within seconds once an admin disables them (token and cookie alike)', async () => {
      const room = world.rooms[2]!;
      const dora = await addPerson(athar, 'dora@example.org', 'reviewer');
      await addMember(athar, COLLECTION, dora.email);
      const viaToken = await joined(room, { token: dora.token });
      const viaCookie = await joined(room, await cookieOf(dora.email));
      const alice = await joined(room, { token: world.alice.token });

      const res = await admin.request(`/admin/users/${dora.id}?/setDisabled`, { form: { disabled: 'true' } });
      expect(res.status).toBe(200);
      for (const peer of [viaToken, viaCookie]) {
        expect(await serverClose(peer, REVOKED_MS)).toEqual({ code: 4403, reason: 'access revoked' });
        // A 44xx close tells the stock client not to come back.
        expect(peer.provider.shouldConnect).toBe(false);
      }
      expect(await status(room, authHeaders({ token: dora.token }))).toBe(401);
      // The others stay.
      annotate(alice.doc, 'still-here', world.alice.id);
      await storedWhere(athar, room, 'the room still storing', (u) => has('still-here')(docOf(u)));
      expect(alice.closes).toEqual([]);
    });

    it('disconnects a member within seconds once an admin removes them from the collection', async () => {
      const room = world.rooms[3]!;
      const remy = await addPerson(athar, 'remy@example.org', 'reviewer');
      await addMember(athar, COLLECTION, remy.email);
      const peer = await joined(room, { token: remy.token });
      const bob = await joined(room, { token: world.bob.token });

      const collection = await collectionIdOf(athar, COLLECTION);
      const res = await admin.request(`/admin/collections/${collection}?/remove`, {
        form: { userId: remy.id }
      });
      expect(res.status).toBe(200);
      expect(await serverClose(peer, REVOKED_MS)).toEqual({ code: 4403, reason: 'access revoked' });
      expect(await status(room, authHeaders({ token: remy.token }))).toBe(403);
      expect(bob.closes).toEqual([]);
    });

    it('disconnects a token revoked by hand in the database, and a session once signed out', async () => {
      const room = world.rooms[3]!;
      const tess = await addPerson(athar, 'tess@example.org', 'reviewer');
      await addMember(athar, COLLECTION, tess.email);
      const browser = await signIn(athar, tess.email);
      const viaToken = await joined(room, { token: tess.token });
      const viaCookie = await joined(room, {
        cookie: browser.cookies.get(SESSION_COOKIE)!,
        origin: athar.url
      });

      // Outside the app, as an operator might: database triggers see it like any change the app makes.
      await query(athar, `update api_tokens set revoked_at = 1 where user_id = '${tess.id}'`);
      expect(await serverClose(viaToken, REVOKED_MS)).toEqual({ code: 4403, reason: 'access revoked' });
      expect(viaCookie.closes).toEqual([]);

      expect((await browser.request('/api/session', { method: 'DELETE' })).status).toBe(204);
      expect(await serverClose(viaCookie, REVOKED_MS)).toEqual({ code: 4403, reason: 'access revoked' });
    });
  });
}
