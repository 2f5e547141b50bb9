/**
 * The socket refuses what no honest client sends (issue 12, points 2 and 3): an update whose
 * dependencies the room lacks is refused as a whole — never kept as pending structs, never
 * stored, never sent to a client that joins later (who could otherwise re-send it under its own
 * name) — the refusal is logged with the room's name, and the room and its clients live on.
 */
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it, vi } from 'vitest';
import { DIALECTS } from '../helpers/dialects.ts';
import { docWhere, rawSocket, within } from '../helpers/collab.ts';
import { annotationsOf } from '../../src/lib/model/document-schema.ts';
import { annotate, createWorld, storedUpdates, storedWhere } from '../helpers/collab-world.ts';
import { useWorld } from '../helpers/suite.ts';

function updateMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}

const isSyncStep1 = (m: Uint8Array) => m[0] === 0 && m[1] === syncProtocol.messageYjsSyncStep1;

/** An update whose first struct is never sent: everything after it depends on what the room lacks. */
function updateWithoutItsStart(bytes: number): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('annotations').set('forged-start', 'never sent');
  const before = Y.encodeStateVector(doc);
  doc.getMap('annotations').set('forged', 'x'.repeat(bytes));
  return Y.encodeStateAsUpdate(doc, before);
}

for (const dialect of DIALECTS) {
  describe(`collab validation (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createWorld(athar, 1));

    it('refuses updates with missing dependencies: never kept, stored or sent to a joiner', async () => {
      const { athar, world } = suite;
      const room = world.rooms[0]!;
      const alice = await suite.join(room, world.alice);
      annotate(alice.doc, 'honest-before', world.alice.id);

      for (let i = 0; i < 3; i++) {
        const bad = await rawSocket(athar, room, { token: world.bob.token });
        await vi.waitFor(() => expect(bad.messages.filter(isSyncStep1)).toHaveLength(1)); // on joining
        bad.ws.send(updateMessage(updateWithoutItsStart(256 * 1024)));
        // Not closed (an honest client's edit can overtake its own sync reply): dropped, and the
        // sender asked again for everything the room lacks.
        await vi.waitFor(() => expect(bad.messages.filter(isSyncStep1)).toHaveLength(2));
        expect(bad.ws.readyState).toBe(bad.ws.OPEN);
        bad.ws.close();
        await within('the close', bad.closed);
      }
      expect(athar.output()).toContain(`${room}: update from ${world.bob.id} refused (missing-dependency)`);

      // An expert who joins now gets a document with nothing pending to re-send under their name.
      const expert = await suite.join(room, world.alice);
      await docWhere(expert.doc, 'the honest annotation', (d) => annotationsOf(d).has('honest-before'));
      expect(expert.doc.store.pendingStructs).toBeNull();
      expect(expert.doc.store.pendingDs).toBeNull();
      annotate(expert.doc, 'honest-after', world.alice.id);
      await docWhere(alice.doc, 'the later edit at the first client', (d) =>
        annotationsOf(d).has('honest-after')
      );
      expect(alice.closes).toEqual([]);

      const log = await storedWhere(athar, room, 'the honest edits stored', (updates) => {
        const doc = new Y.Doc();
        for (const u of updates) Y.applyUpdate(doc, u.data);
        return annotationsOf(doc).has('honest-after');
      });
      expect(log.every((u) => u.userId === world.alice.id)).toBe(true);
      expect(log.reduce((sum, u) => sum + u.data.byteLength, 0)).toBeLessThan(64 * 1024);
      expect((await storedUpdates(athar, room)).some((u) => u.userId === world.bob.id)).toBe(false);
    });
  });
}
