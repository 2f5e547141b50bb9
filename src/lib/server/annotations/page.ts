/**
 * The annotations of a layer as W3C Web Annotations (JSON-LD): the AnnotationPage and one
 * annotation, with what makes them evidence (model/w3c.ts): the image's SHA-256, people with their
 * names at URLs that answer, and the decisions behind adjudicated findings.
 */
import type * as Y from 'yjs';
import type { Db } from '../db/connect.ts';
import {
  groupKey,
  readAnnotations,
  readDecisions,
  type AnnotationRecord
} from '../../model/document-schema.ts';
import { W3C_CONTEXT, toW3C, type W3CContext } from '../../model/w3c.ts';
import { namesOf } from '../users/users.ts';

export const W3C_HEADERS = { 'Content-Type': 'application/ld+json' };

export type ExportItem = { id: string; sha256: string };

/** The URL of a person, answered by `GET /api/users/:id`. */
export const personUrl = (origin: string, userId: string) => `${origin}/api/users/${userId}`;

/** The context of an export: names of everyone the records mention, decisions from `doc` if given. */
async function exportContext(
  db: Db,
  origin: string,
  item: ExportItem,
  records: AnnotationRecord[],
  doc?: Y.Doc
): Promise<W3CContext> {
  const decisions = doc ? readDecisions(doc) : {};
  const ids = new Set<string>();
  for (const r of records) for (const id of [r.createdBy, r.updatedBy]) if (id) ids.add(id);
  for (const d of Object.values(decisions)) ids.add(d.by);
  const names = await namesOf(db, [...ids]);
  return {
    itemUrl: `${origin}/api/items/${item.id}`,
    sha256: item.sha256,
    person: (userId) => ({
      id: personUrl(origin, userId),
      type: 'Person',
      ...(names[userId] !== undefined && { name: names[userId] })
    }),
    decision: (record) => (record.sources ? decisions[groupKey(record.sources)] : undefined)
  };
}

/** The page of `records` (the layer in `doc` when they are not given). */
export async function annotationPage(
  db: Db,
  origin: string,
  item: ExportItem,
  source:
    | { doc: Y.Doc; records?: AnnotationRecord[]; includeDeleted?: boolean }
    | { doc?: undefined; records: AnnotationRecord[] }
) {
  const includeDeleted = 'includeDeleted' in source && source.includeDeleted === true;
  const records = source.records ?? readAnnotations(source.doc!, { includeDeleted });
  const context = await exportContext(db, origin, item, records, source.doc);
  return {
    '@context': W3C_CONTEXT,
    id: `${context.itemUrl}/annotations`,
    type: 'AnnotationPage',
    items: records.map((r) => ({
      ...toW3C(r, context),
      // Only with ?include=deleted: a deleted finding, marked as such.
      ...(r.deleted && {
        'athar:deleted': {
          by: personUrl(origin, r.deleted.by),
          at: new Date(r.deleted.at).toISOString(),
          reason: r.deleted.reason
        }
      })
    }))
  };
}

/** One annotation of the layer in `doc`, or null when it holds none by that id. */
export async function oneAnnotation(db: Db, origin: string, item: ExportItem, doc: Y.Doc, id: string) {
  const record = readAnnotations(doc).find((r) => r.id === id);
  if (!record) return null;
  const context = await exportContext(db, origin, item, [record], doc);
  return { '@context': W3C_CONTEXT, ...toW3C(record, context) };
}
