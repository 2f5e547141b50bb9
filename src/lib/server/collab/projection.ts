/**
 * Relational projections of a room's document (for queues, search, export), derived only: they can
 * be dropped and rebuilt from the log at any time (`athar collab rebuild`). Page status and
 * versions are not derived and are written elsewhere (page-activity.ts).
 * - annotations → `annotations` (+ the item's annotation count for the shared layer);
 * - transcription and fields → the search index;
 * - the persons' names on the page → mentions (persons/mentions.ts; their links are not derived and
 *   survive every projection).
 * - a body room's evaluation → `body_evaluations` (bodies/evaluation.ts).
 *
 * A document is client-written: an annotation that cannot be projected (a value no column takes, a
 * structure too deep to serialise) is skipped and reported, never allowed to stop the rest.
 */
import type * as Y from 'yjs';
import type { Db, Dialect } from '../db/connect.ts';
import {
  ANNOTATIONS,
  EVALUATION,
  FIELDS,
  TRANSCRIPTION,
  annotationsOf,
  readAnnotation,
  type AnnotationRecord
} from '../../model/document-schema.ts';
import { parseRoomName, type RoomName } from '../../model/rooms.ts';
import { fieldText, namesOnPage } from '../../model/transcription-text.ts';
import { syncMentions } from '../persons/mentions.ts';
import { projectEvaluation } from '../bodies/evaluation.ts';
import { indexPage } from '../search/search.ts';
import { findingSearchText } from '../search/finding-text.ts';
import { pageText } from '../transcription/versions.ts';

/** What projectRoom reads: changes to other parts of a room's document need no projection. */
export const PROJECTED_ROOTS = [ANNOTATIONS, TRANSCRIPTION, FIELDS, EVALUATION] as const;

/** The latest instant a time column takes on both dialects (JavaScript's own limit). */
const MAX_TIME = 8.64e15;
// Why: PostgreSQL refuses NUL in text, and lone surrogates cannot be encoded as UTF-8.
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export const storable = (text: string) => text.replace(UNSTORABLE, '\ufffd');
/** JSON whose strings are storable (an escaped NUL would come back as one when parsed). */
const json = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? storable(v) : v));
const storableOrNull = (text: string | null) => (text === null ? null : storable(text));
const time = (t: number | null) =>
  t !== null && Number.isFinite(t) && Math.abs(t) <= MAX_TIME ? Math.trunc(t) : null;

function row(roomName: string, itemId: string, a: AnnotationRecord) {
  const text = (value: unknown) => (typeof value === 'string' ? storable(value) : null);
  return {
    room: roomName,
    id: storable(a.id),
    item_id: itemId,
    target: json(a.target),
    finding: json(a.finding),
    lesion_type: text(a.finding.lesionType),
    body_region: text(a.finding.bodyRegion),
    consistency: text(a.finding.consistency),
    created_by: storableOrNull(a.createdBy),
    created_at: time(a.createdAt),
    updated_by: storableOrNull(a.updatedBy),
    updated_at: time(a.updatedAt),
    deleted_by: a.deleted ? storable(a.deleted.by) : null,
    search_text: storable(findingSearchText(a.finding))
  };
}

/** The rows of every annotation that can be projected, and what was skipped. */
function annotationRows(roomName: string, itemId: string, doc: Y.Doc, report: (m: string) => void) {
  const rows: Array<ReturnType<typeof row>> = [];
  annotationsOf(doc).forEach((map, id) => {
    try {
      const record = readAnnotation(id, map);
      if (record) rows.push(row(roomName, itemId, record));
    } catch (err) {
      report(`${roomName}: annotation ${storable(id).slice(0, 64)} skipped: ${(err as Error).message}`);
    }
  });
  return rows.sort((a, b) => (a.created_at ?? 0) - (b.created_at ?? 0) || a.id.localeCompare(b.id));
}

const ALL_ROOTS: ReadonlySet<string> = new Set(PROJECTED_ROOTS);

/**
 * Projects the room; resolves true when the page's text changed (an edit of the transcription).
 * `changed` names the roots changed since the last projection (all of them by default, as in a
 * rebuild): the annotations are rewritten only when their root changed, the page's names and text
 * only when the transcription or the fields did.
 */
export async function projectRoom(
  db: Db,
  dialect: Dialect,
  roomName: string,
  doc: Y.Doc,
  report: (message: string) => void = (m) => console.log(`[collab] ${m}`),
  changed: ReadonlySet<string> = ALL_ROOTS
): Promise<boolean> {
  const room = parseRoomName(roomName);
  if (!room) return false;
  if (room.kind === 'body') {
    await projectEvaluation(db, room.bodyId, doc);
    return false;
  }
  if (changed.has(ANNOTATIONS)) await projectAnnotations(db, roomName, room, doc, report);
  if (room.kind !== 'item' || !(changed.has(TRANSCRIPTION) || changed.has(FIELDS))) return false;
  return projectPage(db, dialect, roomName, room.itemId, doc, report);
}

/**
 * The room's annotations, tombstones included → `annotations` (+ the item's count of standing
 * findings for the shared layer).
 */
async function projectAnnotations(
  db: Db,
  roomName: string,
  room: Exclude<RoomName, { kind: 'body' }>,
  doc: Y.Doc,
  report: (message: string) => void
): Promise<void> {
  const rows = annotationRows(roomName, room.itemId, doc, report);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('annotations').where('room', '=', roomName).execute();
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('annotations')
        .values(rows.slice(i, i + 500))
        .execute();
    if (room.kind === 'item') {
      await trx
        .updateTable('items')
        .set({ annotation_count: rows.filter((r) => r.deleted_by === null).length })
        .where('id', '=', room.itemId)
        .execute();
    }
  });
}

/** The names on the page → mentions; its text → the search index. True when the text changed. */
async function projectPage(
  db: Db,
  dialect: Dialect,
  roomName: string,
  itemId: string,
  doc: Y.Doc,
  report: (message: string) => void
): Promise<boolean> {
  const item = await db
    .selectFrom('items')
    .select(['collection_id', 'document_id'])
    .where('id', '=', itemId)
    .executeTakeFirst();
  if (item) {
    try {
      const names = namesOnPage(doc).map((n) => ({ ...n, text: storable(n.text) }));
      const number = storable(fieldText(doc, 'detaineeNumber'));
      await syncMentions(db, { itemId: itemId, collectionId: item.collection_id, number }, names);
    } catch (err) {
      report(
        `${roomName}: the names on the page cannot be read, mentions not updated: ${(err as Error).message}`
      );
    }
  }
  let raw: string;
  try {
    raw = storable(pageText(doc));
  } catch (err) {
    report(`${roomName}: the page's text cannot be read, not indexed: ${(err as Error).message}`);
    return false;
  }
  const indexed = await db
    .selectFrom('search_documents')
    .select('raw')
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  if (!item || (raw === '' && !indexed) || indexed?.raw === raw) return false;
  await indexPage(db, dialect, {
    itemId: itemId,
    collectionId: item.collection_id,
    documentId: item.document_id,
    raw
  });
  return true;
}
