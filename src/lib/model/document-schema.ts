/**
 * The Yjs document schema: a contract between the browser, the server's projection, imports and
 * tests. Version 1:
 *
 *   doc.getMap('annotations')   annotationId → Y.Map {
 *       target: W3C selector JSON (FragmentSelector "xywh=pixel:x,y,w,h" | SvgSelector),
 *       finding: Y.Map of FINDING_FIELDS (field-level maps: two experts can edit two fields at once),
 *       createdBy, createdAt, updatedBy, updatedAt,
 *       sources?: JSON string [{ assignmentId, annotationId }] — on the shared layer, the blind
 *                 reviews an adjudicated finding came from }
 *   doc.getMap('adjudication')  group key ("<assignmentId>:<annotationId>+…", sorted) →
 *       { decision: 'accepted' | 'merged' | 'rejected', annotationId, from, by, at }
 *   doc.getXmlFragment('transcription')
 *   doc.getMap('fields')
 */
import * as Y from 'yjs';
import type { Finding } from './injury.ts';
import { FINDING_FIELDS } from './injury.ts';

export const SCHEMA_VERSION = 1;
export const ANNOTATIONS = 'annotations';
export const TRANSCRIPTION = 'transcription';
export const FIELDS = 'fields';

export type Selector =
  | { type: 'FragmentSelector'; conformsTo: 'http://www.w3.org/TR/media-frags/'; value: string }
  | { type: 'SvgSelector'; value: string };

export type AnnotationRecord = {
  id: string;
  target: Selector;
  finding: Finding;
  createdBy: string | null;
  createdAt: number | null;
  updatedBy: string | null;
  updatedAt: number | null;
};

export function annotationsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(ANNOTATIONS);
}

/** A plain snapshot of one annotation; `null` when it does not follow the schema. */
export function readAnnotation(id: string, map: Y.Map<unknown>): AnnotationRecord | null {
  const targetText = map.get('target');
  if (typeof targetText !== 'string') return null;
  let target: Selector;
  try {
    target = JSON.parse(targetText) as Selector;
  } catch {
    return null;
  }
  const finding: Finding = {};
  const findingMap = map.get('finding');
  if (findingMap instanceof Y.Map) {
    for (const field of FINDING_FIELDS) {
      const value = findingMap.get(field);
      if (typeof value === 'string' || typeof value === 'number') finding[field] = value;
    }
  }
  const text = (key: string) => (typeof map.get(key) === 'string' ? (map.get(key) as string) : null);
  const time = (key: string) => (typeof map.get(key) === 'number' ? (map.get(key) as number) : null);
  return {
    id,
    target,
    finding,
    createdBy: text('createdBy'),
    createdAt: time('createdAt'),
    updatedBy: text('updatedBy'),
    updatedAt: time('updatedAt')
  };
}

export function readAnnotations(doc: Y.Doc): AnnotationRecord[] {
  const out: AnnotationRecord[] = [];
  annotationsOf(doc).forEach((map, id) => {
    const record = map instanceof Y.Map ? readAnnotation(id, map) : null;
    if (record) out.push(record);
  });
  return out.sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || a.id.localeCompare(b.id));
}

/** Writes one annotation (used by imports and tests; the browser binding writes field by field). */
export function writeAnnotation(doc: Y.Doc, record: AnnotationRecord): void {
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    map.set('target', JSON.stringify(record.target));
    const finding = new Y.Map<unknown>();
    for (const field of FINDING_FIELDS) {
      const value = record.finding[field];
      if (value !== undefined) finding.set(field, value);
    }
    map.set('finding', finding);
    map.set('createdBy', record.createdBy);
    map.set('createdAt', record.createdAt);
    map.set('updatedBy', record.updatedBy);
    map.set('updatedAt', record.updatedAt);
    annotationsOf(doc).set(record.id, map);
  });
}
