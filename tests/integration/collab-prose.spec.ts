/**
 * Schema version 2 with stock `WebsocketProvider` clients: two people typing at once into the same
 * finding's notes both keep their text, in both clients and in the stored log; a room whose log
 * still holds version 1 prose (plain strings) is upgraded once, when a client opens it — one update
 * in the log under the system author, one audit row — and not again after a restart.
 */
import * as Y from 'yjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { docWhere, join, type Peer } from '../helpers/collab.ts';
import { annotationsOf, readAnnotations } from '../../src/lib/model/document-schema.ts';
import { annotate, createWorld, docOf, storedWhere, type World } from '../helpers/collab-world.ts';
import { countOf, query } from '../helpers/db.ts';

const notesOf = (doc: Y.Doc, id: string): unknown =>
  (
    (annotationsOf(doc).get(id) as Y.Map<unknown> | undefined)?.get('finding') as Y.Map<unknown> | undefined
  )?.get('notes');
const notesText = (doc: Y.Doc, id: string) => String(notesOf(doc, id) ?? '');

const ALICE_WORDS = ' alice saw a patterned bruise';
const BOB_WORDS = ' bob measured twelve mm';

/** A version 1 annotation, as the old writer stored it: its prose fields plain strings. */
function v1Update(id: string, author: string): Uint8Array {
  const doc = new Y.Doc();
  const map = new Y.Map<unknown>();
  const finding = new Y.Map<unknown>();
  finding.set('lesionType', 'abrasion');
  finding.set('notes', 'written before version 2');
  finding.set('colour', 'purple');
  map.set('target', JSON.stringify({ type: 'FragmentSelector', value: 'xywh=pixel:1,2,30,40' }));
  map.set('finding', finding);
  for (const key of ['createdBy', 'updatedBy']) map.set(key, author);
  for (const key of ['createdAt', 'updatedAt']) map.set(key, Date.now());
  annotationsOf(doc).set(id, map);
  return Y.encodeStateAsUpdate(doc);
}

for (const dialect of DIALECTS) {
  describe(`prose fields as Y.Text (${dialect})`, () => {
    let athar: Instance;
    let world: World;
    const peers: Peer[] = [];
    const joined = async (room: string, who: 'alice' | 'bob') => {
      const peer = await join(athar, room, { token: world[who].token });
      peers.push(peer);
      return peer;
    };

    beforeAll(async () => {
      athar = await startInstance(dialect);
      world = await createWorld(athar, 2);
    });
    afterEach(() => {
      for (const peer of peers.splice(0)) peer.close();
    });
    afterAll(async () => {
      await athar?.destroy();
    });

    it('two clients typing into the same notes at once both keep their text', async () => {
      const room = world.rooms[0]!;
      const alice = await joined(room, 'alice');
      const bob = await joined(room, 'bob');
      annotate(alice.doc, 'n1', world.alice.id, { lesionType: 'contusion', notes: 'Seen:' });
      await docWhere(bob.doc, 'the finding at bob', (doc) => notesText(doc, 'n1') === 'Seen:');

      // Both type at the end of the same text, one character per update, interleaved, neither
      // waiting for the other: the old plain-value field kept only the last writer's whole text.
      const aliceText = notesOf(alice.doc, 'n1') as Y.Text;
      const bobText = notesOf(bob.doc, 'n1') as Y.Text;
      for (let i = 0; i < Math.max(ALICE_WORDS.length, BOB_WORDS.length); i++) {
        if (i < ALICE_WORDS.length) aliceText.insert(aliceText.length, ALICE_WORDS[i]!);
        if (i < BOB_WORDS.length) bobText.insert(bobText.length, BOB_WORDS[i]!);
      }

      const both = (text: string) =>
        text.startsWith('Seen:') &&
        text.includes(ALICE_WORDS) &&
        text.includes(BOB_WORDS) &&
        text.length === 'Seen:'.length + ALICE_WORDS.length + BOB_WORDS.length;
      await docWhere(alice.doc, 'both texts at alice', (doc) => both(notesText(doc, 'n1')));
      await docWhere(bob.doc, 'both texts at bob', (doc) => both(notesText(doc, 'n1')));
      expect(notesText(alice.doc, 'n1')).toBe(notesText(bob.doc, 'n1'));
      const stored = await storedWhere(athar, room, 'both texts in the log', (updates) =>
        both(notesText(docOf(updates), 'n1'))
      );
      expect(notesText(docOf(stored), 'n1')).toBe(notesText(alice.doc, 'n1'));
      expect(readAnnotations(docOf(stored)).find((a) => a.id === 'n1')?.finding.notes).toBe(
        notesText(alice.doc, 'n1')
      );
    });

    it('the REST import writes version 2: its notes are a shared text', async () => {
      const response = await fetch(`${athar.url}/api/items/${world.items[0]}/annotations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${world.alice.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'Annotation',
          body: [
            { type: 'TextualBody', value: 'abrasion', 'athar:field': 'lesionType' },
            { type: 'TextualBody', value: 'imported note', 'athar:field': 'notes' }
          ],
          target: { selector: { type: 'FragmentSelector', value: 'xywh=pixel:5,6,70,80' } }
        })
      });
      expect(response.status).toBeLessThan(300);
      const bob = await joined(world.rooms[0]!, 'bob');
      const imported = readAnnotations(bob.doc).find((a) => a.finding.notes === 'imported note');
      expect(imported).toBeDefined();
      expect(notesOf(bob.doc, imported!.id)).toBeInstanceOf(Y.Text);
    });

    it('a version 1 room is upgraded once, in its log and audited, and not again after a restart', async () => {
      const room = world.rooms[1]!;
      await query(athar, 'insert into collab_updates (room, user_id, at, data) values (?, ?, ?, ?)', [
        room,
        world.alice.id,
        Date.now(),
        Buffer.from(v1Update('old1', world.alice.id))
      ]);
      const v1 = docOf(await storedWhere(athar, room, 'the v1 row', (updates) => updates.length === 1));
      expect(typeof notesOf(v1, 'old1')).toBe('string');
      const before = readAnnotations(v1);

      const bob = await joined(room, 'bob');
      // The upgrade runs before a client joins: the first sync already holds Y.Text.
      expect(notesOf(bob.doc, 'old1')).toBeInstanceOf(Y.Text);
      expect(readAnnotations(bob.doc)).toEqual(before);
      const stored = await storedWhere(athar, room, 'the upgrade', (updates) => updates.length === 2);
      expect(stored.map((u) => u.userId)).toEqual([world.alice.id, 'system']);
      expect(notesOf(docOf(stored), 'old1')).toBeInstanceOf(Y.Text);
      expect(readAnnotations(docOf(stored))).toEqual(before);
      const audits = `select count(*) as n from audit_log where action = 'collab.schema_upgrade' and target = ?`;
      expect(await countOf(athar, audits, [room])).toBe(1);

      bob.provider.destroy();
      peers.splice(0);
      await athar.stop();
      await athar.start();
      const again = await joined(room, 'alice');
      expect(notesOf(again.doc, 'old1')).toBeInstanceOf(Y.Text);
      expect(readAnnotations(again.doc)).toEqual(before);
      const rows = await countOf(athar, 'select count(*) as n from collab_updates where room = ?', [room]);
      expect(rows).toBe(2);
      expect(await countOf(athar, audits, [room])).toBe(1);
    });
  });
}
