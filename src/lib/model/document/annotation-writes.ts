/**
 * Writing the `annotations` root. Writes are field-level: a new annotation gets its own `finding`
 * Y.Map, a moved shape rewrites only `target`, a finding field is one key of `finding` — so two
 * people editing different parts of one annotation both keep their change. Prose fields are Y.Text
 * (prose.ts), written as the smallest change to their text. Every write stamps
 * `updatedBy`/`updatedAt`, in a transaction of its own (stampAuthor). Callers pass their transaction origin (the browser binding's LOCAL
 * origin, the server's edit) so that observers can tell their own writes from others'.
 */
import * as Y from 'yjs';
import { isProseField } from '../finding-rules.ts';
import { FINDING_FIELDS, type FindingField } from '../injury.ts';
import type { Selector } from '../selector.ts';
import { annotationsOf, type AnnotationRecord } from './annotations.ts';
import { newProse, replaceProse, setProseFields } from './prose.ts';
import { LIMITS, TOMBSTONE_KEYS } from './roots.ts';
import { readTombstone } from './tombstones.ts';

/** Writes one whole annotation (imports, adjudication decisions, tests). */
export function writeAnnotation(doc: Y.Doc, record: AnnotationRecord, origin?: unknown): void {
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    map.set('target', JSON.stringify(record.target));
    const finding = new Y.Map<unknown>();
    for (const field of FINDING_FIELDS) {
      const value = record.finding[field];
      if (value !== undefined && !isProseField(field)) finding.set(field, value);
    }
    setProseFields(finding, record.finding);
    map.set('finding', finding);
    map.set('createdBy', record.createdBy);
    map.set('createdAt', record.createdAt);
    map.set('updatedBy', record.updatedBy);
    map.set('updatedAt', record.updatedAt);
    if (record.sources) map.set('sources', JSON.stringify(record.sources));
    annotationsOf(doc).set(record.id, map);
  }, origin);
}

/** A new, empty finding drawn by `userId`. */
export function createAnnotation(
  doc: Y.Doc,
  id: string,
  target: Selector,
  userId: string,
  origin?: unknown
): void {
  const now = Date.now();
  const record = { id, target, finding: {}, createdBy: userId, createdAt: now };
  writeAnnotation(doc, { ...record, updatedBy: userId, updatedAt: now }, origin);
}

/** The origin of author stamps: a transaction of its own, which no undo history tracks. */
export const AUTHOR_STAMP = Object.freeze({ kind: 'athar-author-stamp' });

/**
 * Stamps who changed an annotation last, in a transaction of its own. Why: an undo puts back the
 * values its step overwrote; were the stamp part of the step, undoing would write a colleague's id
 * back into `updatedBy` in this person's name — which the socket refuses as a forged author. Kept
 * apart, undo reverts the content and the stamp names whoever made the change, the undo included.
 */
function stampAuthor(doc: Y.Doc, map: Y.Map<unknown>, userId: string): void {
  doc.transact(() => {
    map.set('updatedBy', userId);
    map.set('updatedAt', Date.now());
  }, AUTHOR_STAMP);
}

/** Moves an annotation; false when it is gone or already there. */
export function setAnnotationTarget(
  doc: Y.Doc,
  id: string,
  target: Selector,
  userId: string,
  origin?: unknown
): boolean {
  const map = annotationsOf(doc).get(id);
  const text = JSON.stringify(target);
  if (!(map instanceof Y.Map) || map.get('target') === text) return false;
  doc.transact(() => map.set('target', text), origin);
  stampAuthor(doc, map, userId);
  return true;
}

/**
 * Sets (or with `null` clears) one finding field; false when the annotation is gone. A prose field
 * keeps its Y.Text (cleared means empty), so concurrent typing into it is never cut off; `caret`
 * places the change in it (see replaceProse).
 */
export function setFindingValue(
  doc: Y.Doc,
  id: string,
  field: FindingField,
  value: string | number | null,
  userId: string,
  origin?: unknown,
  caret?: number
): boolean {
  const map = annotationsOf(doc).get(id);
  if (!(map instanceof Y.Map)) return false;
  let changed = false;
  doc.transact(() => {
    let finding = map.get('finding');
    if (!(finding instanceof Y.Map)) {
      finding = new Y.Map<unknown>();
      map.set('finding', finding);
    }
    const findingMap = finding as Y.Map<unknown>;
    const current = findingMap.get(field);
    if (isProseField(field)) {
      // Edited in place: a colleague typing elsewhere in the same text keeps their words.
      const text = typeof value === 'string' ? value : '';
      if (current instanceof Y.Text) {
        if (!replaceProse(current, text, caret)) return;
      } else findingMap.set(field, newProse(text));
    } else if (current === (value ?? undefined)) return;
    else if (value === null) findingMap.delete(field);
    else findingMap.set(field, value);
    changed = true;
  }, origin);
  if (changed) stampAuthor(doc, map, userId);
  return true;
}

/**
 * Deletes an annotation as a tombstone: its map stays (so its author, an adjudicator or a
 * coordinator can restore it, and every field keeps its history); false when it is gone or
 * deleted already.
 */
export function removeAnnotation(
  doc: Y.Doc,
  id: string,
  by: { userId: string; reason?: string | null },
  origin?: unknown
): boolean {
  const map = annotationsOf(doc).get(id);
  if (!(map instanceof Y.Map) || readTombstone(map)) return false;
  const reason = by.reason?.trim().slice(0, LIMITS.deleteReasonLength);
  doc.transact(() => {
    map.set('deletedBy', by.userId);
    map.set('deletedAt', Date.now());
    if (reason) map.set('deleteReason', reason);
  }, origin);
  return true;
}

/** Takes a tombstone away; false when the annotation is gone or not deleted. */
export function restoreAnnotation(doc: Y.Doc, id: string, origin?: unknown): boolean {
  const map = annotationsOf(doc).get(id);
  if (!(map instanceof Y.Map) || !readTombstone(map)) return false;
  doc.transact(() => {
    for (const key of TOMBSTONE_KEYS) if (map.has(key)) map.delete(key);
  }, origin);
  return true;
}

/**
 * Takes an adjudicated annotation off the shared layer when its decision is taken back: the decision
 * put it there, not a person, so it leaves no tombstone (the log still holds it).
 */
export function discardAnnotation(doc: Y.Doc, id: string, origin?: unknown): void {
  const annotations = annotationsOf(doc);
  if (annotations.has(id)) doc.transact(() => annotations.delete(id), origin);
}
