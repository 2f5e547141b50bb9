/**
 * Blind review: in a blind queue each assignment has its own room, `item/<itemId>/review/<id>`.
 * It opens for its author (writable while the assignment is active) and, read-only and without
 * showing their presence, for an admin; the other reviewers, experts and coordinators are refused
 * until the item has all its reviews, then experts and coordinators may read it. Non-blind queues
 * work in the shared room. Agreement figures are shown to coordinators and admins only.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import {
  authHeaders,
  awarenessWhere,
  join,
  rawSocket,
  serverClose,
  upgradeStatus,
  waitFor,
  type Peer
} from '../helpers/collab.ts';
import { annotationsOf } from '../../src/lib/model/document-schema.ts';
import { annotate, docOf, storedWhere } from '../helpers/collab-world.ts';
import { call, expectApiError } from '../helpers/http.ts';
import {
  act,
  type Assignment,
  createQueue,
  createReviewWorld,
  next,
  type Person,
  type ReviewWorld
} from '../helpers/review-world.ts';
import { addPerson } from '../helpers/world.ts';

const MESSAGE_SYNC = 0;
const MESSAGE_AWARENESS = 1;

function syncStep1(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(encoder, new Y.Doc());
  return encoding.toUint8Array(encoder);
}

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SYNC);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

function awarenessMessage(awareness: Awareness): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(awareness, [awareness.clientID]));
  return encoding.toUint8Array(encoder);
}

/** The documents the server sent as answers to a sync step 1 (sync step 2), in order. */
function step2Answers(messages: Uint8Array[]): Uint8Array[] {
  const answers: Uint8Array[] = [];
  for (const message of messages) {
    const decoder = decoding.createDecoder(message);
    if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) continue;
    if (decoding.readVarUint(decoder) !== syncProtocol.messageYjsSyncStep2) continue;
    answers.push(decoding.readVarUint8Array(decoder));
  }
  return answers;
}

const has = (doc: Y.Doc, id: string) => annotationsOf(doc).has(id);

for (const dialect of DIALECTS) {
  describe(`blind review rooms (${dialect})`, () => {
    let athar: Instance;
    let world: ReviewWorld;
    let queues = 0;
    const peers: Peer[] = [];
    const visits: Array<() => void> = [];
    const joined = async (room: string, who: Person) => {
      const peer = await join(athar, room, { token: who.token });
      peers.push(peer);
      return peer;
    };
    const status = (room: string, who: Person) =>
      upgradeStatus(athar, `/collab/${room}`, authHeaders({ token: who.token }));
    const blindQueue = (members: Person[], items: string[], blind = true) =>
      createQueue(athar, world.coordinator.token, {
        collectionId: world.collectionId,
        name: `Blind ${++queues}`,
        task: 'annotate',
        reviewsPerItem: 2,
        blind,
        memberIds: members.map((m) => m.id),
        itemIds: items
      });

    /**
     * Opens the room on a raw socket as `who` and, in this order, publishes a presence, sends an
     * annotation `forgedId` and asks for the document. The server handles a socket's messages in
     * order, so its answer to that last request shows the room after the write was dealt with.
     * Returns that document and the presence's client id; the socket stays open (its presence
     * would leave with it) until `close()`.
     */
    async function visit(room: string, who: Person, forgedId: string) {
      const raw = await rawSocket(athar, room, { token: who.token });
      const presence = new Awareness(new Y.Doc());
      const close = () => {
        presence.destroy();
        raw.ws.close();
      };
      try {
        presence.setLocalState({ name: who.email });
        const forged = new Y.Doc();
        annotate(forged, forgedId, who.id, { notes: `written by ${who.email}` });
        raw.ws.send(syncStep1());
        raw.ws.send(awarenessMessage(presence));
        raw.ws.send(updateMessage(Y.encodeStateAsUpdate(forged)));
        raw.ws.send(syncStep1());
        await waitFor(
          `two answers to sync step 1 in ${room}`,
          () => step2Answers(raw.messages).length >= 2,
          (onChange) => {
            raw.ws.on('message', onChange);
            return () => raw.ws.off('message', onChange);
          }
        );
      } catch (err) {
        close();
        throw err;
      }
      const doc = new Y.Doc();
      Y.applyUpdate(doc, step2Answers(raw.messages)[1]!);
      visits.push(close);
      return { doc, clientId: presence.clientID, close };
    }

    /**
     * Whether `viewer` (an author's provider in `room`) shows presence `clientId`. Checked once a
     * presence published after it has reached the viewer: the server relays in order.
     */
    async function shows(viewer: Peer, room: string, author: Person, clientId: number) {
      const marker = await joined(room, author);
      const mark = crypto.randomUUID();
      marker.awareness.setLocalStateField('marker', mark);
      await awarenessWhere(viewer, 'a later presence at the author', (states) =>
        [...states.values()].some((s) => s.marker === mark)
      );
      marker.close();
      return viewer.awareness.getStates().has(clientId);
    }

    beforeAll(async () => {
      athar = await startInstance(dialect);
      world = await createReviewWorld(athar, { items: 3, reviewers: 3 });
    });
    afterEach(() => {
      for (const peer of peers.splice(0)) peer.close();
      for (const close of visits.splice(0)) close();
    });
    afterAll(async () => {
      await athar?.destroy();
    });

    it('opens a blind layer to its author and, unseen and read-only, to an admin; to experts and coordinators once the item is complete', async () => {
      const [a, b, c] = world.reviewers as [Person, Person, Person];
      const [item] = world.items;
      const queueId = await blindQueue([a, b, c], [item!]);
      const mine = (await next(athar, a.token, queueId)) as Assignment;
      const theirs = (await next(athar, b.token, queueId)) as Assignment;
      expect(mine.room).toBe(`item/${item}/review/${mine.id}`);
      expect(theirs.room).toBe(`item/${item}/review/${theirs.id}`);

      // The author writes and shows presence.
      const author = await joined(mine.room, a);
      annotate(author.doc, 'a-finding', a.id);
      author.awareness.setLocalStateField('user', { name: 'reviewer1' });

      // Before the item is complete: the other reviewer, an expert, a coordinator, an observer and
      // a reviewer outside the collection are refused before any socket opens.
      const refused = [b, c, world.expert, world.coordinator, world.observer, world.outsider];
      for (const who of refused) expect(await status(mine.room, who), who.email).toBe(403);
      expect(await status(theirs.room, a)).toBe(403);
      // Rooms that do not exist: another assignment id, or this one under another item.
      expect(await status(`item/${item}/review/${'a'.repeat(24)}`, a)).toBe(404);
      expect(await status(`item/${world.items[1]}/review/${mine.id}`, a)).toBe(404);

      // An admin reads the layer, but cannot write to it and is not seen by the author.
      expect(await status(mine.room, world.admin)).toBe(101);
      await storedWhere(athar, mine.room, "the author's annotation stored", (u) =>
        has(docOf(u), 'a-finding')
      );
      const admin = await visit(mine.room, world.admin, 'admin-forged');
      expect(has(admin.doc, 'a-finding')).toBe(true);
      expect(has(admin.doc, 'admin-forged')).toBe(false);
      expect(await shows(author, mine.room, a, admin.clientId)).toBe(false);

      // One review submitted is not enough.
      author.close();
      expect((await act(athar, a.token, mine.id, 'submit')).status).toBe(200);
      for (const who of refused) expect(await status(mine.room, who), who.email).toBe(403);

      // Both submitted: experts and coordinators may read (unseen, without writing); the other
      // reviewers, the observer and the outsider still may not.
      expect((await act(athar, b.token, theirs.id, 'submit')).status).toBe(200);
      const viewer = await joined(mine.room, a);
      for (const who of [world.expert, world.coordinator]) {
        expect(await status(mine.room, who), who.email).toBe(101);
        const seen = await visit(mine.room, who, `forged-by-${who.email}`);
        expect(has(seen.doc, 'a-finding')).toBe(true);
        expect(has(seen.doc, `forged-by-${who.email}`)).toBe(false);
        expect(await shows(viewer, mine.room, a, seen.clientId)).toBe(false);
      }
      for (const who of [b, c, world.observer, world.outsider])
        expect(await status(mine.room, who), who.email).toBe(403);
      // The author still reads their own layer, and so does the admin.
      expect(has(viewer.doc, 'a-finding')).toBe(true);
      expect(await status(mine.room, world.admin)).toBe(101);
    });

    it('stops the author writing once they have submitted, on the open socket too', async () => {
      const [a, b] = world.reviewers as [Person, Person];
      const item = world.items[1]!;
      const queueId = await blindQueue([a, b], [item]);
      const mine = (await next(athar, a.token, queueId)) as Assignment;
      const author = await joined(mine.room, a);
      annotate(author.doc, 'before', a.id);
      await storedWhere(athar, mine.room, "the author's annotation stored", (u) => has(docOf(u), 'before'));
      const seen = await visit(mine.room, a, 'also-before');
      expect(has(seen.doc, 'before')).toBe(true);
      expect(has(seen.doc, 'also-before')).toBe(true);
      // A visitor's presence does reach the author when it should: the checks that an admin's,
      // an expert's or a coordinator's does not can fail.
      expect(await shows(author, mine.room, a, seen.clientId)).toBe(true);
      seen.close();

      expect((await act(athar, a.token, mine.id, 'submit')).status).toBe(200);
      // The socket opened for writing is closed by the periodic access check…
      expect(await serverClose(author)).toMatchObject({ code: 4403 });
      author.close();
      // … and a new one reads, but writes nothing.
      expect(await status(mine.room, a)).toBe(101);
      const after = await visit(mine.room, a, 'after');
      expect(has(after.doc, 'before')).toBe(true);
      expect(has(after.doc, 'after')).toBe(false);
    });

    it('hands out the shared room in a non-blind queue, which has no review rooms', async () => {
      const [a] = world.reviewers as [Person];
      const item = world.items[2]!;
      const queueId = await blindQueue([a], [item], false);
      const mine = (await next(athar, a.token, queueId)) as Assignment;
      expect(mine.room).toBe(`item/${item}`);
      expect(await status(mine.room, a)).toBe(101);
      for (const who of [a, world.admin, world.coordinator])
        expect(await status(`item/${item}/review/${mine.id}`, who), who.email).toBe(404);
    });

    it('shows agreement to coordinators and admins only', async () => {
      const [a, b] = world.reviewers as [Person, Person];
      const queueId = await blindQueue([a, b], world.items.slice(0, 1));
      const agreementFor = async (who: Person) => {
        const res = await call(athar, who.token, `/api/queues/${queueId}`);
        expect(res.status, await res.clone().text()).toBe(200);
        return ((await res.json()) as { agreement: unknown }).agreement;
      };
      for (const who of [world.coordinator, world.admin])
        expect(await agreementFor(who), who.email).toMatchObject({ overall: expect.any(Object), pairs: [] });
      for (const who of [a, b]) expect(await agreementFor(who), who.email).toBeNull();
      // A coordinator of another collection does not see the queue at all.
      const stranger = await addPerson(athar, `coordinator-${dialect}@example.org`, 'coordinator');
      await expectApiError(await call(athar, stranger.token, `/api/queues/${queueId}`), 404, 'not_found');
    });
  });
}
