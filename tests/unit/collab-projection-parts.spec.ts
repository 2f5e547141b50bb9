/**
 * The projection is told which of the roots it reads changed since it last ran: a page whose fields
 * are being typed into does not rewrite its annotations, and a change elsewhere projects nothing.
 */
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { ADJUDICATION, ANNOTATIONS, FIELDS } from '../../src/lib/model/document-schema.ts';
import { PROJECTED_ROOTS } from '../../src/lib/server/collab/projection.ts';
import { projectionExtension } from '../../src/lib/server/collab/projection-extension.ts';
import type { Room } from '../../src/lib/server/collab/room.ts';

/** A document whose every transaction reaches the extension, as room.ts reports them. */
function world() {
  const runs: string[][] = [];
  const extension = projectionExtension({
    roots: PROJECTED_ROOTS,
    project: async (_room, _doc, _authors, changed) => void runs.push([...changed].sort()),
    log: (m) => {
      throw new Error(m);
    }
  });
  const doc = new Y.Doc();
  // What the extension reads of a room: its name, document and unstored authors.
  const room = { name: 'item/generated', doc, unstoredAuthors: () => [] } as unknown as Room;
  doc.on('update', (update: Uint8Array, _origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) =>
    extension.onChange?.(room, update, { kind: 'server', userId: 'u1' }, transaction)
  );
  /** Runs what is due now (as before the room unloads). */
  const projectDue = async () => {
    await extension.onUnload?.(room);
    return runs.splice(0);
  };
  return { doc, projectDue, destroy: () => extension.onDestroy?.() };
}

describe('projection of the changed parts', () => {
  it('a change to the fields alone projects the fields alone', async () => {
    const w = world();
    w.doc.getMap(FIELDS).set('documentType', 'letter');
    w.doc.getMap(FIELDS).set('date', '1 March 2027');
    expect(await w.projectDue()).toEqual([[FIELDS]]);
    await w.destroy();
  });

  it('collects every root changed since the last run, nested changes by their root', async () => {
    const w = world();
    const annotation = new Y.Map<unknown>();
    w.doc.getMap(ANNOTATIONS).set('a1', annotation);
    expect(await w.projectDue()).toEqual([[ANNOTATIONS]]);
    annotation.set('updatedBy', 'u1'); // below the root
    w.doc.getMap(FIELDS).set('documentType', 'letter');
    expect(await w.projectDue()).toEqual([[ANNOTATIONS, FIELDS].sort()]);
    await w.destroy();
  });

  it('a change to a root the projection does not read projects nothing', async () => {
    const w = world();
    w.doc.getMap(ADJUDICATION).set('group', 'x');
    expect(await w.projectDue()).toEqual([]);
    await w.destroy();
  });
});
