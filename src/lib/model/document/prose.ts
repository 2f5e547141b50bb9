/**
 * Prose finding fields (schema version 2): colour, pattern, mechanism and notes are each a Y.Text in
 * the annotation's `finding` map, so two people typing into one field merge character by character
 * instead of the last writer replacing the other's words. Version 1 held them as plain strings;
 * readers take both, and `upgradeProse` turns a version 1 document into version 2 — as one ordinary
 * update appended to the log, never by rewriting history.
 */
import * as Y from 'yjs';
import { PROSE_FIELDS } from '../finding-rules.ts';
import type { FindingField } from '../injury.ts';
import { ANNOTATIONS } from './roots.ts';

/** A new Y.Text holding `text`, to be set under a prose key. */
export function newProse(text: string): Y.Text {
  const prose = new Y.Text();
  if (text !== '') prose.insert(0, text);
  return prose;
}

/**
 * Makes `prose` hold `text` with the smallest change: the common start and end are kept, only the
 * middle is deleted and inserted, so a concurrent edit elsewhere in the field survives. `caret`
 * (where the edit ends in `text`, a textarea's selectionEnd) places an edit inside a run of equal
 * characters where the person made it.
 */
export function replaceProse(prose: Y.Text, text: string, caret = 0): boolean {
  const old = prose.toString();
  if (old === text) return false;
  const shorter = Math.min(old.length, text.length);
  const maxEnd = Math.min(shorter, Math.max(0, text.length - caret));
  let end = 0;
  while (end < maxEnd && old[old.length - 1 - end] === text[text.length - 1 - end]) end++;
  let start = 0;
  while (start < shorter - end && old[start] === text[start]) start++;
  const removed = old.length - start - end;
  const added = text.slice(start, text.length - end);
  const apply = () => {
    if (removed > 0) prose.delete(start, removed);
    if (added !== '') prose.insert(start, added);
  };
  if (prose.doc) prose.doc.transact(apply);
  else apply();
  return true;
}

/**
 * The prose fields of one finding that are not a Y.Text yet: a string (v1) to convert, or absent.
 * Version 2 holds every prose field as a Y.Text from the start (empty when nothing was typed), so
 * that two people starting to type into an empty field at once write into one text rather than each
 * setting their own.
 */
function v1Prose(finding: Y.Map<unknown>): Array<[FindingField, string]> {
  const out: Array<[FindingField, string]> = [];
  for (const field of PROSE_FIELDS) {
    const value = finding.get(field);
    if (!(value instanceof Y.Text)) out.push([field, typeof value === 'string' ? value : '']);
  }
  return out;
}

/** Sets every prose field of a new finding map (plain values are set by the caller). */
export function setProseFields(
  finding: Y.Map<unknown>,
  values: Partial<Record<FindingField, unknown>>
): void {
  for (const field of PROSE_FIELDS) {
    const value = values[field];
    finding.set(field, newProse(typeof value === 'string' ? value : ''));
  }
}

function eachFinding(doc: Y.Doc, visit: (finding: Y.Map<unknown>) => void): void {
  doc.getMap(ANNOTATIONS).forEach((annotation) => {
    const finding = annotation instanceof Y.Map ? annotation.get('finding') : null;
    if (finding instanceof Y.Map) visit(finding);
  });
}

/** Does the document still hold a prose field that is not a Y.Text (schema version 1)? */
export function needsProseUpgrade(doc: Y.Doc): boolean {
  let found = false;
  eachFinding(doc, (finding) => {
    found ||= v1Prose(finding).length > 0;
  });
  return found;
}

/**
 * Turns every prose field that is not a Y.Text into one with the same content (empty when absent),
 * in one transaction; returns how many fields it wrote (0: the document is version 2 already).
 * `updatedBy` and `updatedAt` are left alone: the content is unchanged, and the log names the
 * upgrade's author.
 */
export function upgradeProse(doc: Y.Doc, origin?: unknown): number {
  let converted = 0;
  doc.transact(() => {
    eachFinding(doc, (finding) => {
      for (const [field, text] of v1Prose(finding)) {
        finding.set(field, newProse(text));
        converted++;
      }
    });
  }, origin);
  return converted;
}
