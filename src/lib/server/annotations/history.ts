/**
 * Per-field provenance of one annotation: every change to every field (target, each finding field,
 * the authorship and tombstone keys), with the author the log recorded for the update that made it.
 * Built by replaying the room's log and comparing the annotation after each update with before.
 */
import * as Y from 'yjs';
import { annotationsOf } from '../../model/document-schema.ts';
import type { LoggedUpdate } from './replay.ts';

export type FieldValue = string | number | boolean | null;
export type FieldChange = {
  at: number;
  userId: string | null;
  /** `target`, `finding.<field>`, an annotation key, or `annotation` (true while it exists). */
  field: string;
  before: FieldValue;
  after: FieldValue;
};

const plain = (value: unknown): FieldValue => {
  if (value instanceof Y.AbstractType) return value.toString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return value === null || value === undefined ? null : JSON.stringify(value);
};

/** The annotation as field → value ('annotation' → whether it exists). */
function fieldsOf(doc: Y.Doc, id: string): Map<string, FieldValue> {
  const fields = new Map<string, FieldValue>();
  const map = annotationsOf(doc).get(id);
  fields.set('annotation', map instanceof Y.Map);
  if (!(map instanceof Y.Map)) return fields;
  map.forEach((value, key) => {
    if (key === 'finding' && value instanceof Y.Map)
      value.forEach((v, field) => fields.set(`finding.${field}`, plain(v)));
    else if (key !== 'finding') fields.set(key, plain(value));
  });
  return fields;
}

export function annotationHistory(updates: LoggedUpdate[], annotationId: string): FieldChange[] {
  const doc = new Y.Doc();
  const changes: FieldChange[] = [];
  let before = fieldsOf(doc, annotationId);
  for (const update of updates) {
    Y.applyUpdate(doc, update.data);
    const after = fieldsOf(doc, annotationId);
    for (const field of new Set([...before.keys(), ...after.keys()])) {
      const was = before.get(field) ?? null;
      const now = after.get(field) ?? null;
      if (was !== now) changes.push({ at: update.at, userId: update.userId, field, before: was, after: now });
    }
    before = after;
  }
  doc.destroy();
  return changes;
}
