/**
 * Undo goes through the socket: a reviewer who undoes their own change to a finding that a colleague
 * edited before them sends an update the validator accepts (the author stamp is not part of the undo
 * step, so no colleague's id is written back in their name), and the undo really reverts the field.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { validateUpdate } from '../../src/lib/server/collab/validate/index.ts';
import { readAnnotations, setFindingValue, writeAnnotation } from '../../src/lib/model/document-schema.ts';

const AMAL = 'a'.repeat(24);
const BASSEL = 'b'.repeat(24);
const ROOM = { kind: 'item', itemId: 'c'.repeat(24), name: `item/${'c'.repeat(24)}` } as const;
const sender = (userId: string) => ({ userId, role: 'reviewer' as const, expert: false, readOnly: false });

/** Sends every update `change` makes in `from` through the validator into the server's room. */
function send(server: Y.Doc, from: Y.Doc, userId: string, change: () => void) {
  const updates: Uint8Array[] = [];
  const collect = (u: Uint8Array) => updates.push(u);
  from.on('update', collect);
  change();
  from.off('update', collect);
  for (const update of updates) {
    expect(validateUpdate({ doc: server, update, room: ROOM, sender: sender(userId) })).toEqual({ ok: true });
    Y.applyUpdate(server, update);
  }
}

describe('undo through the socket validator', () => {
  it("accepts undoing and redoing one's own field change after a colleague's edit", () => {
    const server = new Y.Doc();
    const amal = new Y.Doc();
    const bassel = new Y.Doc();
    const now = Date.now();
    send(server, amal, AMAL, () =>
      writeAnnotation(amal, {
        id: 'x1',
        target: {
          type: 'FragmentSelector',
          conformsTo: 'http://www.w3.org/TR/media-frags/',
          value: 'xywh=pixel:1,1,10,10'
        },
        finding: { lesionType: 'contusion' },
        createdBy: AMAL,
        createdAt: now,
        updatedBy: AMAL,
        updatedAt: now
      })
    );
    Y.applyUpdate(bassel, Y.encodeStateAsUpdate(server));
    send(server, bassel, BASSEL, () => setFindingValue(bassel, 'x1', 'pattern', 'round', BASSEL));
    Y.applyUpdate(amal, Y.encodeStateAsUpdate(server));

    const local = { kind: 'athar-local' };
    const history = new Y.UndoManager(amal.getMap('annotations'), { trackedOrigins: new Set([local]) });
    send(server, amal, AMAL, () => setFindingValue(amal, 'x1', 'confidence', 'high', AMAL, local));
    send(server, amal, AMAL, () => history.undo());
    const [undone] = readAnnotations(server);
    expect(undone?.finding).toEqual({ lesionType: 'contusion', pattern: 'round' });
    send(server, amal, AMAL, () => history.redo());
    expect(readAnnotations(server)[0]?.finding).toEqual({
      lesionType: 'contusion',
      pattern: 'round',
      confidence: 'high'
    });
  });
});
