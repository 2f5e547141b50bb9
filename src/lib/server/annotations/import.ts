/**
 * Importing W3C Web Annotations into an item's shared layer: one, an array, or an AnnotationPage,
 * all or nothing. Every annotation passes the selector codec (against the item's image) and the
 * finding rules (with the importer as author) — the same rules the browser and the socket apply.
 * Authorship is the importer's, whatever the annotations claim. Written as schema version 2
 * (writeAnnotation: prose fields as Y.Text), so people can go on typing into imported notes together.
 */
import type { Db } from '../db/connect.ts';
import type { CollabService } from '../runtime.ts';
import { audit } from '../audit/log.ts';
import { writeAnnotation, type AnnotationRecord } from '../../model/document-schema.ts';
import { checkFinding, type FindingAuthor } from '../../model/finding-rules.ts';
import { itemRoom } from '../../model/rooms.ts';
import { parseSelector, type ImageSize } from '../../model/selector.ts';
import { findingFromBody } from '../../model/w3c.ts';

export const MAX_IMPORT = 1000;

export type Importer = FindingAuthor & { id: string };
export type ImportResult =
  | { ok: true; records: AnnotationRecord[] }
  | { ok: false; code: 'bad_request' | 'forbidden'; message: string };

/** The records an import would write, or why it is refused (nothing is written then). */
export function parseImport(body: unknown, importer: Importer, image: ImageSize): ImportResult {
  if (importer.readOnly)
    return { ok: false, code: 'forbidden', message: 'Observers cannot change anything.' };
  const page = body as { type?: unknown; items?: unknown } | null;
  const list = Array.isArray(body) ? body : page?.type === 'AnnotationPage' ? page.items : [body];
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_IMPORT)
    return { ok: false, code: 'bad_request', message: `Send 1–${MAX_IMPORT} annotations.` };
  const now = Date.now();
  const records: AnnotationRecord[] = [];
  for (const [index, entry] of list.entries()) {
    const refuse = (code: 'bad_request' | 'forbidden', message: string): ImportResult => ({
      ok: false,
      code,
      message: `annotation ${index}: ${message}`
    });
    const annotation = entry as { type?: unknown; body?: unknown; target?: { selector?: unknown } } | null;
    if (annotation?.type !== 'Annotation') return refuse('bad_request', 'type must be "Annotation"');
    const selector = parseSelector(annotation.target?.selector, image);
    if (!selector.ok) return refuse('bad_request', selector.message);
    const fields = findingFromBody(annotation.body);
    if (!fields.ok) return refuse('bad_request', fields.error);
    const finding = checkFinding(fields.value, importer);
    if (!finding.ok)
      return refuse(finding.code === 'forbidden' ? 'forbidden' : 'bad_request', finding.message);
    records.push({
      id: crypto.randomUUID(),
      target: selector.selector,
      finding: finding.value,
      createdBy: importer.id,
      createdAt: now,
      updatedBy: importer.id,
      updatedAt: now
    });
  }
  return { ok: true, records };
}

/** Writes the records into the live document as the importer, and audits the import. */
export async function importAnnotations(
  db: Db,
  collab: CollabService,
  itemId: string,
  importer: Importer,
  records: AnnotationRecord[],
  ip: string
): Promise<void> {
  await collab.edit(itemRoom(itemId), importer.id, (doc) => {
    for (const record of records) writeAnnotation(doc, record);
  });
  await audit(db, {
    actorId: importer.id,
    action: 'annotation.import',
    target: itemId,
    details: { count: records.length, ids: records.map((r) => r.id) },
    ip
  });
}
