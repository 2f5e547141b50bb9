/**
 * The Yjs ↔ Annotorious bridge and its pure parts, against a stand-in for Annotorious' store that
 * keeps its origins the way Annotorious does (observers with `origin: LOCAL` see only LOCAL changes).
 */
import type { ImageAnnotation, StoreChangeEvent } from '@annotorious/openseadragon';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { bindAnnotations, LOCAL, REMOTE } from '../../src/lib/collab/bind-annotations.ts';
import { setFindingField } from '../../src/lib/collab/findings.ts';
import { allocateColours } from '../../src/lib/collab/presence-colours.ts';
import {
  pointSelector,
  selectorToShape,
  shapeKind,
  shapeToSelector,
  toImageAnnotation
} from '../../src/lib/collab/selectors.ts';
import { annotationsOf, readAnnotations, restoreAnnotation } from '../../src/lib/model/document-schema.ts';

const IMAGE = { width: 2000, height: 1000 };
const rect = (x: number, y: number, w: number, h: number, rot?: number) =>
  ({
    type: 'RECTANGLE',
    geometry: { x, y, w, h, rot, bounds: { minX: x, minY: y, maxX: x + w, maxY: y + h } }
  }) as unknown as ImageAnnotation['target']['selector'];

type Observer = { fn: (e: StoreChangeEvent<ImageAnnotation>) => void; origin?: string };

/** Just enough of Annotorious' store: annotations by id, and origin-filtered observers. */
function fakeAnnotator() {
  const all = new Map<string, ImageAnnotation>();
  const observers: Observer[] = [];
  const calls: Array<{ op: string; id: string; origin: string }> = [];
  const emit = (origin: string, changes: StoreChangeEvent<ImageAnnotation>['changes']) => {
    for (const o of observers)
      if (!o.origin || o.origin === origin) o.fn({ origin, changes, state: [...all.values()] } as never);
  };
  const store = {
    getAnnotation: (id: string) => all.get(id),
    addAnnotation(a: ImageAnnotation, origin = LOCAL as string) {
      all.set(a.id, a);
      calls.push({ op: 'add', id: a.id, origin });
      emit(origin, { created: [a] });
    },
    updateAnnotation(a: ImageAnnotation, origin = LOCAL as string) {
      const old = all.get(a.id) as ImageAnnotation;
      all.set(a.id, a);
      calls.push({ op: 'update', id: a.id, origin });
      emit(origin, {
        updated: [
          { oldValue: old, newValue: a, targetUpdated: { oldTarget: old.target, newTarget: a.target } }
        ]
      });
    },
    deleteAnnotation(id: string, origin = LOCAL as string) {
      const old = all.get(id);
      all.delete(id);
      calls.push({ op: 'delete', id, origin });
      if (old) emit(origin, { deleted: [old] });
    },
    bulkAddAnnotations(list: ImageAnnotation[], _replace: boolean, origin: string) {
      for (const a of list) all.set(a.id, a);
      calls.push(...list.map((a) => ({ op: 'add', id: a.id, origin })));
    },
    observe: (fn: Observer['fn'], opts?: { origin?: string }) => observers.push({ fn, origin: opts?.origin }),
    unobserve: (fn: Observer['fn']) =>
      observers.splice(
        observers.findIndex((o) => o.fn === fn),
        1
      )
  };
  return { annotator: { state: { store } } as never, store, all, calls };
}

function sync(a: Y.Doc, b: Y.Doc) {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'remote');
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'remote');
}

describe('selectors', () => {
  it('stores rectangles as media fragments inside the image, polygons as an SVG polygon', () => {
    expect(shapeToSelector(rect(10.04, 20, 100, 50), IMAGE)?.value).toBe('xywh=pixel:10,20,100,50');
    expect(shapeToSelector(rect(-30, 900, 100, 300), IMAGE)?.value).toBe('xywh=pixel:0,900,70,100');
    expect(shapeToSelector(rect(5, 5, 0.2, 40), IMAGE)).toBeNull();
    const polygon = {
      type: 'POLYGON',
      geometry: {
        points: [
          [0, 0],
          [100, 0],
          [50, 80]
        ],
        bounds: { minX: 0, minY: 0, maxX: 100, maxY: 80 }
      }
    } as unknown as ImageAnnotation['target']['selector'];
    const stored = shapeToSelector(polygon, IMAGE);
    expect(stored).toEqual({ type: 'SvgSelector', value: '<svg><polygon points="0,0 100,0 50,80"/></svg>' });
    expect(selectorToShape(stored!)).toMatchObject({
      type: 'POLYGON',
      geometry: {
        points: [
          [0, 0],
          [100, 0],
          [50, 80]
        ]
      }
    });
  });

  it('stores a rotated rectangle as the polygon of its corners', () => {
    const stored = shapeToSelector(rect(100, 100, 100, 100, Math.PI / 4), IMAGE);
    expect(stored?.type).toBe('SvgSelector');
    expect(shapeKind(stored!)).toBe('polygon');
  });

  it('makes a point a small square centred on the click, kept inside the image', () => {
    const point = pointSelector(500, 400, 12, IMAGE);
    expect(point.value).toBe('xywh=pixel:494,394,12,12');
    expect(shapeKind(point)).toBe('point');
    expect(pointSelector(1, 1, 12, IMAGE).value).toBe('xywh=pixel:0,0,12,12');
    expect(shapeKind(shapeToSelector(rect(0, 0, 300, 200), IMAGE)!)).toBe('rectangle');
  });

  it('gives the people on a screen distinct colours', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((c) => c.repeat(24));
    const colours = allocateColours(ids);
    expect(new Set(colours.values()).size).toBe(ids.length);
    expect(allocateColours(ids.slice().reverse())).toEqual(colours);
  });
});

describe('the Yjs ↔ Annotorious bridge', () => {
  const user = { id: 'amal', expert: true, readOnly: false };

  it('writes LOCAL shapes to Yjs field by field and applies remote ones as REMOTE, with no echo', () => {
    const mine = new Y.Doc();
    const theirs = new Y.Doc();
    const origin = { local: true };
    const { annotator, store, all, calls } = fakeAnnotator();
    const stop = bindAnnotations(annotator, mine, { origin, user, image: IMAGE, readOnly: false });

    store.addAnnotation(toImageAnnotation('a1', selectorToShape(pointSelector(50, 50, 10, IMAGE))!), LOCAL);
    const [record] = readAnnotations(mine);
    expect(record).toMatchObject({ id: 'a1', createdBy: 'amal', updatedBy: 'amal', finding: {} });
    expect(annotationsOf(mine).get('a1')?.get('finding')).toBeInstanceOf(Y.Map);
    expect(calls).toEqual([{ op: 'add', id: 'a1', origin: LOCAL }]); // nothing came back

    // A colleague's finding field and shape arrive: only the shape concerns Annotorious.
    sync(mine, theirs);
    theirs.transact(() => {
      (annotationsOf(theirs).get('a1')?.get('finding') as Y.Map<unknown>).set('lesionType', 'scar');
      const map = new Y.Map<unknown>();
      map.set('target', JSON.stringify(shapeToSelector(rect(10, 10, 40, 40), IMAGE)));
      map.set('finding', new Y.Map());
      annotationsOf(theirs).set('b1', map);
    });
    sync(theirs, mine);
    expect(calls.slice(1)).toEqual([{ op: 'add', id: 'b1', origin: REMOTE }]);
    expect(readAnnotations(mine).find((a) => a.id === 'a1')?.finding).toEqual({ lesionType: 'scar' });

    // Deleting in Annotorious tombstones it in Yjs (by this user); the colleague sees it go.
    store.deleteAnnotation('b1', LOCAL);
    sync(mine, theirs);
    expect(readAnnotations(theirs).map((a) => a.id)).toEqual(['a1']);
    expect(annotationsOf(theirs).get('b1')?.get('deletedBy')).toBe('amal');
    // Restored by a colleague: the shape comes back, as REMOTE.
    theirs.transact(() => restoreAnnotation(theirs, 'b1'));
    sync(theirs, mine);
    expect(calls.at(-1)).toEqual({ op: 'add', id: 'b1', origin: REMOTE });
    stop();
    expect(all.has('a1')).toBe(true);
  });

  it('lets undo take back only this user’s change, and shows the result as REMOTE', () => {
    const doc = new Y.Doc();
    const origin = { local: true };
    const undo = new Y.UndoManager(annotationsOf(doc), { trackedOrigins: new Set([origin]) });
    const { annotator, store, all, calls } = fakeAnnotator();
    const stop = bindAnnotations(annotator, doc, { origin, user, image: IMAGE, readOnly: false });
    store.addAnnotation(toImageAnnotation('a1', selectorToShape(pointSelector(50, 50, 10, IMAGE))!), LOCAL);
    // A colleague's annotation (another origin) is not in this user's history.
    const other = new Y.Map<unknown>();
    doc.transact(() => {
      other.set('target', JSON.stringify(pointSelector(300, 300, 10, IMAGE)));
      annotationsOf(doc).set('b1', other);
    }, 'remote');
    undo.undo();
    expect(annotationsOf(doc).has('a1')).toBe(false);
    expect(annotationsOf(doc).has('b1')).toBe(true);
    expect(all.has('a1')).toBe(false);
    expect(calls.at(-1)).toEqual({ op: 'delete', id: 'a1', origin: REMOTE });
    stop();
  });

  it('writes finding fields one key at a time; consistency only for experts; nothing for observers', () => {
    const doc = new Y.Doc();
    const { annotator, store } = fakeAnnotator();
    bindAnnotations(annotator, doc, { origin: 'o', user, image: IMAGE, readOnly: false });
    store.addAnnotation(toImageAnnotation('a1', selectorToShape(pointSelector(50, 50, 10, IMAGE))!), LOCAL);
    const writer = (u: Partial<typeof user>) => ({ doc, origin: 'o', user: { ...user, id: 'bassel', ...u } });

    expect(setFindingField(writer({}), 'a1', 'sizeMm', ' 12,5 ')).toBe(true);
    expect(setFindingField(writer({ expert: false }), 'a1', 'consistency', 'typical')).toBe(false);
    expect(setFindingField(writer({}), 'a1', 'consistency', 'typical')).toBe(true);
    expect(setFindingField(writer({}), 'a1', 'consistency', 'certain')).toBe(false);
    expect(setFindingField(writer({ readOnly: true }), 'a1', 'notes', 'x')).toBe(false);
    const [record] = readAnnotations(doc);
    expect(record?.finding).toEqual({ sizeMm: 12.5, consistency: 'typical' });
    expect(record?.updatedBy).toBe('bassel');
    expect(setFindingField(writer({}), 'a1', 'sizeMm', '')).toBe(true);
    expect(readAnnotations(doc)[0]?.finding).toEqual({ consistency: 'typical' });
    // A value the rules refuse changes nothing (it used to clear the field).
    expect(setFindingField(writer({}), 'a1', 'sizeMm', '-3')).toBe(false);
    expect(setFindingField(writer({}), 'a1', 'notes', 'x'.repeat(5001))).toBe(false);
    expect(readAnnotations(doc)[0]?.finding).toEqual({ consistency: 'typical' });
  });
});
