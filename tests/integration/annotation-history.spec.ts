/**
 * Tombstones, per-field history and time travel with stock WebsocketProvider clients: a deletion
 * marks the finding (it leaves the W3C page, shows with ?include=deleted, is audited with its
 * sender) and its author restores it; the history of one annotation names who changed which field
 * (the log's sender); `?at=` answers the layer as it was at a past moment.
 */
import * as Y from 'yjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Instance } from '../helpers/athar.ts';
import { DIALECTS } from '../helpers/dialects.ts';
import { docWhere } from '../helpers/collab.ts';
import {
  annotationsOf,
  removeAnnotation,
  restoreAnnotation,
  setAnnotationTarget,
  setFindingValue
} from '../../src/lib/model/document-schema.ts';
import {
  annotate,
  annotationPage,
  sharedWorld,
  idsOf,
  storedWhere,
  type AnnotationPage,
  type World
} from '../helpers/collab-world.ts';
import { query } from '../helpers/db.ts';
import { get, getJson } from '../helpers/http.ts';

type Change = {
  at: number;
  userId: string | null;
  userName: string | null;
  field: string;
  before: unknown;
  after: unknown;
};

const has = (id: string) => (doc: Y.Doc) => annotationsOf(doc).has(id);
const deleted = (id: string) => (doc: Y.Doc) => annotationsOf(doc).get(id)?.has('deletedBy') === true;

for (const dialect of DIALECTS) {
  describe(`annotation history (${dialect})`, () => {
    const { state, joined } = sharedWorld(dialect, 3);
    const stored = async (room: string) => {
      const rows = await query<{ at: unknown }>(athar, 'select at from collab_updates where room = ?', [
        room
      ]);
      return rows.map((r) => Number(r.at));
    };

    /** Waits until the item's projected annotation count is `n`. */
    const countBecomes = (itemId: string, n: number) =>
      vi.waitFor(
        async () => {
          const sql = 'select annotation_count as n from items where id = ?';
          expect(Number((await query<{ n: unknown }>(athar, sql, [itemId]))[0]?.n)).toBe(n);
        },
        { timeout: 15_000, interval: 20 }
      );

    let athar: Instance;
    let world: World;
    beforeAll(() => ({ athar, world } = state));

    it('deletes as a tombstone, audits it with its sender, and lets the author restore it', async () => {
      const [itemId, room] = [world.items[0]!, world.rooms[0]!];
      const alice = await joined(room, 'alice');
      const bob = await joined(room, 'bob');
      annotate(alice.doc, 'a1', world.alice.id);
      await docWhere(bob.doc, 'a1 arrives', has('a1'));
      await countBecomes(itemId, 1);

      removeAnnotation(bob.doc, 'a1', { userId: world.bob.id, reason: 'drawn twice' });
      await docWhere(alice.doc, 'the tombstone arrives', deleted('a1'));
      await vi.waitFor(async () =>
        expect(idsOf(await annotationPage(athar, itemId, world.alice.token))).toEqual([])
      );
      const withDeleted = await getJson<AnnotationPage>(
        athar,
        `/api/items/${itemId}/annotations?include=deleted`,
        world.alice.token
      );
      expect(idsOf(withDeleted)).toEqual(['a1']);
      // The item's count (grid cards, the "annotated" filter, queue selection) leaves the deleted out.
      await countBecomes(itemId, 0);
      expect(withDeleted.items[0]?.['athar:deleted']).toMatchObject({
        by: `${athar.url}/api/users/${world.bob.id}`,
        reason: 'drawn twice'
      });

      restoreAnnotation(alice.doc, 'a1');
      await docWhere(bob.doc, 'the restore arrives', (doc) => has('a1')(doc) && !deleted('a1')(doc));
      await vi.waitFor(async () =>
        expect(idsOf(await annotationPage(athar, itemId, world.bob.token))).toEqual(['a1'])
      );
      await countBecomes(itemId, 1);
      const audits = await vi.waitFor(async () => {
        const rows = await query<{ actor_id: string; action: string; details: string }>(
          athar,
          "select actor_id, action, details from audit_log where target = ? and action like 'annotation.%' order by seq",
          [room]
        );
        expect(rows).toHaveLength(2);
        return rows;
      });
      expect(audits.map((r) => [r.actor_id, r.action])).toEqual([
        [world.bob.id, 'annotation.deleted'],
        [world.alice.id, 'annotation.restored']
      ]);
      expect(JSON.parse(audits[0]!.details)).toEqual({ annotationId: 'a1', reason: 'drawn twice' });
    });

    it('lists every field change of one annotation with the sender the log recorded', async () => {
      const [itemId, room] = [world.items[1]!, world.rooms[1]!];
      const alice = await joined(room, 'alice');
      const bob = await joined(room, 'bob');
      annotate(alice.doc, 'h1', world.alice.id, { lesionType: 'contusion' });
      await docWhere(bob.doc, 'h1 arrives', has('h1'));
      setFindingValue(bob.doc, 'h1', 'bodyRegion', 'back', world.bob.id);
      const moved = {
        type: 'FragmentSelector',
        conformsTo: 'http://www.w3.org/TR/media-frags/',
        value: 'xywh=pixel:1,2,3,4'
      } as const;
      await docWhere(alice.doc, 'the region arrives', (doc) =>
        (annotationsOf(doc).get('h1')?.get('finding') as Y.Map<unknown>).has('bodyRegion')
      );
      setAnnotationTarget(alice.doc, 'h1', moved, world.alice.id);
      removeAnnotation(bob.doc, 'h1', { userId: world.bob.id });
      await storedWhere(athar, room, 'four changes', (updates) => updates.length >= 4);

      const history = await vi.waitFor(async () => {
        const changes = await getJson<Change[]>(
          athar,
          `/api/items/${itemId}/annotations/h1/history`,
          world.bob.token
        );
        expect(changes.some((c) => c.field === 'deletedBy')).toBe(true);
        return changes;
      });
      const by = (field: string) =>
        history.filter((c) => c.field === field).map((c) => [c.userId, c.before, c.after]);
      expect(by('annotation')).toEqual([[world.alice.id, false, true]]);
      expect(by('finding.lesionType')).toEqual([[world.alice.id, null, 'contusion']]);
      expect(by('finding.bodyRegion')).toEqual([[world.bob.id, null, 'back']]);
      expect(by('target').at(-1)).toEqual([
        world.alice.id,
        expect.stringContaining('xywh=pixel:10,20,30,40'),
        JSON.stringify(moved)
      ]);
      expect(by('deletedBy')).toEqual([[world.bob.id, null, world.bob.id]]);
      expect(history.find((c) => c.field === 'finding.bodyRegion')?.userName).toBeTruthy();
      expect(history.map((c) => c.at)).toEqual([...history.map((c) => c.at)].sort((a, b) => a - b));

      const missing = await get(
        athar,
        `/api/items/${itemId}/annotations/nothing-here/history`,
        world.bob.token
      );
      expect(missing.status).toBe(404);
    });

    it('answers ?at= with the layer as it was at that moment', async () => {
      const [itemId, room] = [world.items[2]!, world.rooms[2]!];
      const alice = await joined(room, 'alice');
      annotate(alice.doc, 'A', world.alice.id);
      const first = await vi.waitFor(async () => {
        const times = await stored(room);
        expect(times).toHaveLength(1);
        return times[0]!;
      });
      // B must be stored at a later millisecond than A for the moment between them to exist.
      await expect.poll(() => Date.now()).toBeGreaterThan(first);
      annotate(alice.doc, 'B', world.alice.id);
      await storedWhere(athar, room, 'B', (updates) => updates.length === 2);

      const at = (time: string) =>
        getJson<AnnotationPage>(
          athar,
          `/api/items/${itemId}/annotations?at=${encodeURIComponent(time)}`,
          world.alice.token
        );
      expect(idsOf(await at(new Date(first).toISOString()))).toEqual(['A']);
      expect(idsOf(await at(new Date(first - 60_000).toISOString()))).toEqual([]);
      expect(idsOf(await at(new Date(Date.now() + 1000).toISOString())).sort()).toEqual(['A', 'B']);
      expect(idsOf(await at('2025-05-01T12:00:00+02:00'))).toEqual([]);
      for (const bad of ['yesterday', '2025-13-45T00:00:00Z', '2025-05-01']) {
        const res = await get(athar, `/api/items/${itemId}/annotations?at=${bad}`, world.alice.token);
        expect(res.status, bad).toBe(400);
        expect(await res.json()).toMatchObject({ error: { code: 'bad_request' } });
      }
    });
  });
}
