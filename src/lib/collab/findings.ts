/**
 * Field-level writes to an annotation's finding: each field is its own key of the `finding` Y.Map,
 * so two experts editing two fields of one finding at once both keep their change.
 */
import * as Y from 'yjs';
import { annotationsOf } from '$lib/model/document-schema';
import { CONSISTENCY_LEVELS, type FindingField } from '$lib/model/injury';

export type FindingWriter = {
  doc: Y.Doc;
  origin: unknown;
  user: { id: string; expert: boolean; readOnly: boolean };
};

/** A field's value as stored: text trimmed, size in mm a number ≥ 0; `null` clears the field. */
export function normaliseFindingValue(field: FindingField, raw: string): string | number | null {
  const text = raw.trim().slice(0, 5000);
  if (text === '') return null;
  if (field === 'sizeMm') {
    const n = Number(text.replace(',', '.'));
    return Number.isFinite(n) && n >= 0 && n <= 10_000 ? Math.round(n * 10) / 10 : null;
  }
  return text;
}

/** Writes one field; false when this user may not (observers; consistency for non-experts). */
export function setFindingField(
  writer: FindingWriter,
  annotationId: string,
  field: FindingField,
  raw: string
): boolean {
  const { doc, origin, user } = writer;
  if (user.readOnly) return false;
  if (field === 'consistency' && !user.expert) return false;
  const value = normaliseFindingValue(field, raw);
  if (
    field === 'consistency' &&
    value !== null &&
    !(CONSISTENCY_LEVELS as readonly string[]).includes(String(value))
  )
    return false;
  const map = annotationsOf(doc).get(annotationId);
  if (!(map instanceof Y.Map)) return false;
  doc.transact(() => {
    let finding = map.get('finding');
    if (!(finding instanceof Y.Map)) {
      finding = new Y.Map<unknown>();
      map.set('finding', finding);
    }
    const findingMap = finding as Y.Map<unknown>;
    if (findingMap.get(field) === (value ?? undefined)) return;
    if (value === null) findingMap.delete(field);
    else findingMap.set(field, value);
    map.set('updatedBy', user.id);
    map.set('updatedAt', Date.now());
  }, origin);
  return true;
}
