/** Only forensic experts may give the consistency opinion, also on the live socket. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { startInstance, type Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { docWhere, join, serverClose, type Peer } from '../helpers/collab.ts';
import { annotate, createWorld, docOf, storedWhere, type World } from './collab-support.ts';

const finding = (doc: Y.Doc, id: string) =>
  (doc.getMap('annotations').get(id) as Y.Map<unknown> | undefined)?.get('finding') as
    Y.Map<unknown> | undefined;

for (const dialect of DIALECTS) {
  describe(`consistency opinions on the socket (${dialect})`, () => {
    let athar: Instance;
    let world: World;
    const peers: Peer[] = [];
    beforeAll(async () => {
      athar = await startInstance(dialect);
      world = await createWorld(athar, 1);
    });
    afterAll(async () => {
      for (const peer of peers) peer.close();
      await athar.destroy();
    });

    it('lets an expert set the consistency level', async () => {
      const alice = await join(athar, world.rooms[0]!, { token: world.alice.token });
      peers.push(alice);
      annotate(alice.doc, 'by-expert', world.alice.id, { lesionType: 'contusion', consistency: 'typical' });
      await storedWhere(
        athar,
        world.rooms[0]!,
        'the expert opinion stored',
        (u) => finding(docOf(u), 'by-expert')?.get('consistency') === 'typical'
      );
    });

    it('closes a non-expert who sets it (1008), stores nothing of it, and keeps the room', async () => {
      const bob = await join(athar, world.rooms[0]!, { token: world.bob.token });
      peers.push(bob);
      await docWhere(bob.doc, 'the expert finding to arrive', (d) => finding(d, 'by-expert') !== undefined);
      finding(bob.doc, 'by-expert')?.set('consistency', 'diagnostic');
      expect((await serverClose(bob)).code).toBe(1008);
      // A non-expert may still write every other field of a finding.
      const again = await join(athar, world.rooms[0]!, { token: world.bob.token });
      peers.push(again);
      annotate(again.doc, 'by-reviewer', world.bob.id, { lesionType: 'abrasion' });
      const stored = await storedWhere(
        athar,
        world.rooms[0]!,
        'the reviewer finding stored',
        (u) => finding(docOf(u), 'by-reviewer') !== undefined
      );
      expect(finding(docOf(stored), 'by-expert')?.get('consistency')).toBe('typical');
    });
  });
}
