/**
 * The W3C export as evidence: whole-pixel selectors (a box rounded outward, a point as its centre
 * pixel marked `athar:shape: point`), numbers as numbers, the image named by its SHA-256, every
 * annotation's `id` and `creator.id` answering (the annotation; the person with their name), and an
 * adjudicated finding carrying its sources and the decision behind it.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/dialects.ts';
import { annotationPage, createWorld, docOf, storedWhere } from '../helpers/collab-world.ts';
import { useWorld } from '../helpers/suite.ts';
import { query } from '../helpers/db.ts';
import { call, expectApiError } from '../helpers/http.ts';
import {
  annotationsOf,
  groupKey,
  writeAnnotation,
  writeDecision,
  type AnnotationRecord
} from '../../src/lib/model/document-schema.ts';
import type { W3CAnnotation } from '../../src/lib/model/w3c.ts';

const box = (value: string) => ({
  type: 'FragmentSelector' as const,
  conformsTo: 'http://www.w3.org/TR/media-frags/' as const,
  value
});

for (const dialect of DIALECTS) {
  describe(`W3C export (${dialect})`, () => {
    const suite = useWorld(dialect, (athar) => createWorld(athar, 1));

    it('exports integers, the SHA-256 of the image, resolvable ids and the decisions', async () => {
      const { athar, world } = suite;
      const item = world.items[0]!;
      const alice = await suite.join(`item/${item}`, world.alice);
      const now = Date.now();
      const record = (
        id: string,
        value: string,
        extra: Partial<AnnotationRecord> = {}
      ): AnnotationRecord => ({
        id,
        target: box(value),
        finding: { lesionType: 'contusion', sizeMm: 12.5 },
        createdBy: world.alice.id,
        createdAt: now,
        updatedBy: world.alice.id,
        updatedAt: now,
        ...extra
      });
      writeAnnotation(alice.doc, record('a-box', 'xywh=pixel:10.3,20.6,100.2,40.1'));
      writeAnnotation(alice.doc, record('a-point', 'xywh=pixel:100,100,8,8'));
      const members = [
        { assignmentId: 'a'.repeat(24), annotationId: 'r1' },
        { assignmentId: 'b'.repeat(24), annotationId: 'r2' }
      ];
      const accepted = {
        target: box('xywh=pixel:200,50,90,60'),
        finding: { lesionType: 'abrasion' as const }
      };
      const group = { key: groupKey(members), members };
      expect(
        writeDecision(alice.doc, group, 'accepted', accepted, {
          userId: world.alice.id,
          from: members[0]!.assignmentId
        })
      ).toBe(true);
      await storedWhere(
        athar,
        `item/${item}`,
        'all three annotations',
        (u) => annotationsOf(docOf(u)).size === 3
      );

      const [{ sha256 }] = (await query<{ sha256: string }>(athar, 'select sha256 from items where id = ?', [
        item
      ])) as [{ sha256: string }];
      const page = await annotationPage(athar, item, world.bob.token);
      const items = page.items as unknown as W3CAnnotation[];
      const byId = new Map(items.map((a) => [a.id.split('/').pop(), a]));

      const boxed = byId.get('a-box')!;
      // Rounded outward: 10.3 → 10, 20.6 → 20; 110.5 → 111, 60.7 → 61.
      expect(boxed.target).toMatchObject({
        source: `urn:sha256:${sha256}`,
        'athar:item': `${athar.url}/api/items/${item}`,
        'athar:shape': 'rectangle',
        selector: { type: 'FragmentSelector', value: 'xywh=pixel:10,20,101,41' }
      });
      expect(boxed.body).toContainEqual(
        expect.objectContaining({ 'athar:field': 'sizeMm', value: '12.5', 'athar:number': 12.5 })
      );
      expect(byId.get('a-point')!.target).toMatchObject({
        'athar:shape': 'point',
        selector: { value: 'xywh=pixel:104,104,1,1' }
      });
      for (const annotation of items) {
        expect(annotation.target.selector.value).toMatch(/^xywh=pixel:\d+,\d+,\d+,\d+$/);
      }

      const adjudicated = byId.get('r1')!;
      expect(adjudicated['athar:sources']).toEqual(members);
      expect(adjudicated['athar:decision']).toMatchObject({
        decision: 'accepted',
        by: { id: `${athar.url}/api/users/${world.alice.id}`, type: 'Person', name: expect.any(String) }
      });

      // Every id answers: the annotation at its own URL, the creator with their name.
      const path = (url: string) => url.slice(athar.url.length);
      const one = await call(athar, world.bob.token, path(boxed.id));
      expect(one.status).toBe(200);
      expect(await one.json()).toMatchObject({ id: boxed.id, target: boxed.target, body: boxed.body });
      const person = boxed.creator!;
      expect(person).toMatchObject({ type: 'Person', name: expect.any(String) });
      const creator = await call(athar, world.bob.token, path(person.id));
      expect(creator.status).toBe(200);
      expect(await creator.json()).toMatchObject({
        id: person.id,
        type: 'Person',
        name: person.name
      });
      await expectApiError(
        await call(athar, world.bob.token, `/api/items/${item}/annotations/nope`),
        404,
        'not_found'
      );
      // Outside the collection, the annotation does not answer.
      expect((await call(athar, world.oscar.token, path(boxed.id))).status).toBe(403);
    });
  });
}
