/**
 * The Yjs ↔ Annotorious bridge for the shared annotation layer.
 *
 * Origins (no echo loops):
 * - Annotorious changes tagged LOCAL (the user drew, moved, deleted a shape) are written to Yjs in
 *   transactions with the session's own origin; the Yjs observer skips those transactions.
 * - Every other Yjs transaction (a colleague's update from the server, the offline copy loading,
 *   this user's undo/redo) is applied to Annotorious as REMOTE, which the LOCAL observer never sees.
 *
 * Writes go through the document module (field-level: a moved shape rewrites only `target`). A
 * shape being dragged changes many times a second; its target is written once the changes pause.
 */
import type { ImageAnnotation, ImageAnnotator, StoreChangeEvent } from '@annotorious/openseadragon';
import type { Origin } from '@annotorious/core';
import * as Y from 'yjs';
import {
  annotationsOf,
  createAnnotation,
  readAnnotation,
  removeAnnotation,
  setAnnotationTarget
} from '$lib/model/document-schema';
import { selectorToShape, shapeToSelector, toImageAnnotation, type ImageSize } from './selectors';

/** Annotorious' Origin values (a runtime enum we do not import: the module needs a browser). */
export const LOCAL = 'LOCAL' as Origin.LOCAL;
export const REMOTE = 'REMOTE' as Origin.REMOTE;

const TARGET_WRITE_MS = 200;

export type BindOptions = {
  /** The origin of this user's transactions (CollabSession.origin). */
  origin: unknown;
  user: { id: string };
  image: ImageSize;
  readOnly: boolean;
};

type Annotator = Pick<ImageAnnotator, 'state'>;

export function bindAnnotations(annotator: Annotator, doc: Y.Doc, options: BindOptions): () => void {
  const store = annotator.state.store;
  const annotations = annotationsOf(doc);
  const pendingTargets = new Map<string, ImageAnnotation>();
  let timer: ReturnType<typeof setTimeout> | null = null;

  const local = (fn: () => void) => doc.transact(fn, options.origin);

  /** The stored annotation as Annotorious draws it; null when deleted or not following the schema. */
  function fromYjs(id: string): ImageAnnotation | null {
    const map = annotations.get(id);
    const found = map instanceof Y.Map ? readAnnotation(id, map) : null;
    const record = found?.deleted ? null : found;
    const shape = record ? selectorToShape(record.target) : null;
    return record && shape ? toImageAnnotation(id, shape, record.createdBy, record.createdAt) : null;
  }

  const sameTarget = (a: ImageAnnotation, b: ImageAnnotation) =>
    JSON.stringify(shapeToSelector(a.target.selector, options.image)) ===
    JSON.stringify(shapeToSelector(b.target.selector, options.image));

  function applyRemote(ids: Iterable<string>) {
    for (const id of ids) {
      const wanted = fromYjs(id);
      const shown = store.getAnnotation(id);
      if (!wanted) {
        if (shown) store.deleteAnnotation(id, REMOTE);
      } else if (!shown) {
        store.addAnnotation(wanted, REMOTE);
      } else if (!sameTarget(wanted, shown)) {
        pendingTargets.delete(id); // a colleague's (or an undone) position wins over our unsent drag
        store.updateAnnotation(wanted, REMOTE);
      }
    }
  }

  function writeTargets() {
    timer = null;
    if (pendingTargets.size === 0) return;
    const entries = [...pendingTargets.values()];
    pendingTargets.clear();
    local(() => {
      for (const annotation of entries) {
        const selector = shapeToSelector(annotation.target.selector, options.image);
        if (selector) setAnnotationTarget(doc, annotation.id, selector, options.user.id);
      }
    });
  }

  function create(annotation: ImageAnnotation) {
    const selector = shapeToSelector(annotation.target.selector, options.image);
    if (!selector) {
      // Too small to keep (a click with the rectangle tool): it never reaches the document.
      store.deleteAnnotation(annotation.id, REMOTE);
      return;
    }
    createAnnotation(doc, annotation.id, selector, options.user.id, options.origin);
    // Show what was stored (kept inside the image), not what the pointer drew.
    const stored = fromYjs(annotation.id);
    if (stored && !sameTarget(stored, annotation)) store.updateAnnotation(stored, REMOTE);
  }

  const onLocal = (event: StoreChangeEvent<ImageAnnotation>) => {
    if (options.readOnly) return;
    const { created = [], updated = [], deleted = [] } = event.changes;
    for (const annotation of created) create(annotation);
    for (const update of updated) {
      if (!update.targetUpdated) continue;
      pendingTargets.set(update.newValue.id, update.newValue);
      if (timer) clearTimeout(timer);
      timer = setTimeout(writeTargets, TARGET_WRITE_MS);
    }
    if (deleted.length > 0) {
      writeTargets();
      local(() => {
        for (const annotation of deleted) removeAnnotation(doc, annotation.id, { userId: options.user.id });
      });
    }
  };

  const onYjs = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) => {
    if (transaction.origin === options.origin) return;
    const ids = new Set<string>();
    for (const event of events) {
      if (event.target === annotations && event instanceof Y.YMapEvent)
        for (const key of event.keysChanged) ids.add(key as string);
      else if (typeof event.path[0] === 'string') ids.add(event.path[0]);
    }
    applyRemote(ids);
  };

  // What the document holds now (loaded offline copy, or an earlier sync) is drawn first.
  const initial: ImageAnnotation[] = [];
  annotations.forEach((_, id) => {
    const annotation = fromYjs(id);
    if (annotation) initial.push(annotation);
  });
  store.bulkAddAnnotations(initial, true, REMOTE);
  store.observe(onLocal, { origin: LOCAL });
  annotations.observeDeep(onYjs);

  return () => {
    if (timer) clearTimeout(timer);
    writeTargets();
    store.unobserve(onLocal);
    annotations.unobserveDeep(onYjs);
  };
}
