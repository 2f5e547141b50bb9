/**
 * Reading the `annotations` root: annotationId → Y.Map { target, finding (Y.Map), createdBy,
 * createdAt, updatedBy, updatedAt, sources?, and on a tombstone deletedBy, deletedAt, deleteReason? };
 * a prose field of `finding` is a Y.Text (schema version 2) or a string (version 1), read alike. A
 * reader never trusts the document: a target the selector codec refuses makes the annotation
 * unreadable (`null`, skipped by lists, projections and exports), a finding value the rules refuse
 * is left out.
 */
import * as Y from 'yjs';
import { checkFindingField } from '../finding-rules.ts';
import type { Finding } from '../injury.ts';
import { parseTarget, type Selector } from '../selector.ts';
import { ANNOTATIONS, LIMITS, isTimestamp } from './roots.ts';
import { readTombstone, type Tombstone } from './tombstones.ts';

/** A review finding an adjudicated one came from. */
export type Source = { assignmentId: string; annotationId: string };

export type AnnotationRecord = {
  id: string;
  target: Selector;
  finding: Finding;
  createdBy: string | null;
  createdAt: number | null;
  updatedBy: string | null;
  updatedAt: number | null;
  /** Only on the shared layer, for a finding an adjudicator accepted or merged. */
  sources?: Source[];
  /** Only on a deleted annotation (a tombstone): who deleted it, when, why. */
  deleted?: Tombstone;
};

export function annotationsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(ANNOTATIONS);
}

export function readFinding(value: unknown): Finding {
  const finding: Finding = {};
  if (!(value instanceof Y.Map)) return finding;
  value.forEach((raw, field) => {
    // A prose field is a Y.Text (v2) or a string (v1): both read as the same plain text, and an
    // empty text is a field nobody filled in.
    const plain: unknown = raw instanceof Y.Text ? raw.toString() : raw;
    if (plain === '') return;
    const checked = checkFindingField(field, plain);
    if (checked.ok) finding[checked.field] = checked.value;
  });
  return finding;
}

/** `sources` as stored (a JSON string); `null` when absent or not well formed. */
export function readSources(value: unknown): Source[] | null {
  if (typeof value !== 'string' || value.length > LIMITS.maxSources * 200) return null;
  let list: unknown;
  try {
    list = JSON.parse(value);
  } catch {
    return null;
  }
  if (!Array.isArray(list) || list.length === 0 || list.length > LIMITS.maxSources) return null;
  const valid = list.every(
    (s: Partial<Source> | null) =>
      typeof s?.assignmentId === 'string' &&
      typeof s.annotationId === 'string' &&
      LIMITS.annotationId.test(s.annotationId) &&
      LIMITS.annotationId.test(s.assignmentId)
  );
  return valid
    ? (list as Source[]).map((s) => ({ assignmentId: s.assignmentId, annotationId: s.annotationId }))
    : null;
}

/** A plain snapshot of one annotation; `null` when it does not follow the schema. */
export function readAnnotation(id: string, map: Y.Map<unknown>): AnnotationRecord | null {
  const target = parseTarget(map.get('target'));
  if (!target.ok) return null;
  const text = (key: string) => {
    const value = map.get(key);
    return typeof value === 'string' && value.length <= 64 ? value : null;
  };
  const time = (key: string) => {
    const value = map.get(key);
    return isTimestamp(value) ? value : null;
  };
  const sources = readSources(map.get('sources'));
  const deleted = readTombstone(map);
  return {
    id,
    target: target.selector,
    finding: readFinding(map.get('finding')),
    createdBy: text('createdBy'),
    createdAt: time('createdAt'),
    updatedBy: text('updatedBy'),
    updatedAt: time('updatedAt'),
    ...(sources && { sources }),
    ...(deleted && { deleted })
  };
}

/** The layer's annotations; deleted ones (tombstones) only with `includeDeleted`. */
export function readAnnotations(doc: Y.Doc, options: { includeDeleted?: boolean } = {}): AnnotationRecord[] {
  const out: AnnotationRecord[] = [];
  annotationsOf(doc).forEach((map, id) => {
    const record = map instanceof Y.Map ? readAnnotation(id, map) : null;
    if (record && (options.includeDeleted || !record.deleted)) out.push(record);
  });
  return out.sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || a.id.localeCompare(b.id));
}
