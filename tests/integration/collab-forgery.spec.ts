/**
 * The socket refuses what the REST import refuses (issue 12, point 1): a reviewer without the expert
 * flag sends, through the stock provider, a finding with the consistency opinion, authorship set to
 * an expert, or a hostile SVG far outside the image. Each update is refused as a whole: the sender is
 * closed (4403), the breach is audited, nothing is stored or relayed, and the W3C export names no
 * forged author. An honest edit by the same reviewer still goes through.
 */
import * as Y from 'yjs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { DIALECTS } from '../helpers/dialects.ts';
import { connect, serverClose, synced } from '../helpers/collab.ts';
import {
  annotate,
  annotationPage,
  createWorld,
  idsOf,
  storedUpdates,
  type World
} from '../helpers/collab-world.ts';
import { query } from '../helpers/db.ts';
import { useWorld } from '../helpers/suite.ts';
import { annotationsOf } from '../../src/lib/model/document-schema.ts';

type Forgery = { name: string; write(doc: Y.Doc, world: World): void; code: string };

const FORGERIES: Forgery[] = [
  {
    name: 'the consistency opinion from a non-expert',
    code: 'expert-only',
    write: (doc, world) =>
      annotate(doc, 'forged-opinion', world.bob.id, { lesionType: 'contusion', consistency: 'diagnostic' })
  },
  {
    name: "an expert's name as author",
    code: 'forged-author',
    write: (doc, world) => annotate(doc, 'forged-author', world.alice.id, { lesionType: 'contusion' })
  },
  {
    name: 'an SVG with a script, far outside the image',
    code: 'bad-selector',
    // One transaction, so one update: the finding and its hostile target arrive together.
    write: (doc, world) =>
      doc.transact(() => {
        annotate(doc, 'forged-svg', world.bob.id);
        annotationsOf(doc)
          .get('forged-svg')
          ?.set(
            'target',
            JSON.stringify({
              type: 'SvgSelector',
              value: '<svg onload="alert(1)"><polygon points="0,0 9e9,0 9e9,9e9"/><script>x()</script></svg>'
            })
          );
      })
  }
];

for (const dialect of DIALECTS) {
  describe(`forged findings over the socket (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createWorld(athar, 1));

    it.each(FORGERIES)('refuses $name: closed, audited, nothing stored or relayed', async (forgery) => {
      const { athar, world } = suite;
      const room = world.rooms[0]!;
      const witness = await suite.join(room, world.alice);
      // Not suite.join: the forger is closed by the server, which join's own checks would not expect.
      const forger = connect(athar, room, { token: world.bob.token });
      onTestFinished(() => forger.close());
      await synced(forger);
      forgery.write(forger.doc, world);

      expect(await serverClose(forger)).toMatchObject({ code: 4403 });
      expect(athar.output()).toContain(`update from ${world.bob.id} refused (${forgery.code})`);
      const refusals = async () =>
        (
          await query<{ details: string }>(
            athar,
            "select details from audit_log where action = 'collab.update_refused' and actor_id = ?",
            [world.bob.id]
          )
        ).map((r) => (JSON.parse(r.details) as { code: string }).code);
      await expect.poll(refusals).toContain(forgery.code);

      const stored = await storedUpdates(athar, room);
      expect(stored.some((u) => u.userId === world.bob.id)).toBe(false);
      expect(annotationsOf(witness.doc).size).toBe(0);
      const page = await annotationPage(athar, world.items[0]!, world.alice.token);
      expect(page.items).toEqual([]);
    });

    it('still takes an honest finding from the same reviewer, in their own name', async () => {
      const { athar, world } = suite;
      const room = world.rooms[0]!;
      const bob = await suite.join(room, world.bob);
      annotate(bob.doc, 'honest', world.bob.id, { lesionType: 'abrasion', notes: 'on the left forearm' });
      await expect
        .poll(async () => idsOf(await annotationPage(athar, world.items[0]!, world.alice.token)))
        .toEqual(['honest']);
      expect(bob.closes).toEqual([]);
    });
  });
}
