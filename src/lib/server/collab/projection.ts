/**
 * Relational projections of a room's document (for queues, search, export), derived only: they can
 * be dropped and rebuilt from the log at any time (`athar collab rebuild`).
 * - annotations → `annotations` (+ the item's annotation count for the shared layer);
 * - transcription and fields → the search index, page versions, and the approved → review rule.
 */
import type * as Y from 'yjs';
import type { Db, Dialect } from '../db/connect.ts';
import { ANNOTATIONS, FIELDS, TRANSCRIPTION, readAnnotations } from '../../model/document-schema.ts';
import { parseRoomName } from '../../model/rooms.ts';
import { indexPage } from '../search/search.ts';
import { reopenIfEditedAfterApproval } from '../transcription/status.ts';
import { maybeRecordVersion, pageText } from '../transcription/versions.ts';

/** What projectRoom reads: changes to other parts of a room's document need no projection. */
export const PROJECTED_ROOTS = [ANNOTATIONS, TRANSCRIPTION, FIELDS] as const;

export async function projectRoom(
  db: Db,
  dialect: Dialect,
  roomName: string,
  doc: Y.Doc,
  unstoredAuthors: () => string[] = () => []
): Promise<void> {
  const room = parseRoomName(roomName);
  if (!room) return;
  const annotations = readAnnotations(doc);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('annotations').where('room', '=', roomName).execute();
    if (annotations.length > 0) {
      await trx
        .insertInto('annotations')
        .values(
          annotations.map((a) => ({
            room: roomName,
            id: a.id,
            item_id: room.itemId,
            target: JSON.stringify(a.target),
            finding: JSON.stringify(a.finding),
            lesion_type: typeof a.finding.lesionType === 'string' ? a.finding.lesionType : null,
            consistency: typeof a.finding.consistency === 'string' ? a.finding.consistency : null,
            created_by: a.createdBy,
            created_at: a.createdAt,
            updated_by: a.updatedBy,
            updated_at: a.updatedAt
          }))
        )
        .execute();
    }
    if (room.kind === 'item') {
      await trx
        .updateTable('items')
        .set({ annotation_count: annotations.length })
        .where('id', '=', room.itemId)
        .execute();
    }
  });
  if (room.kind !== 'item') return;

  const raw = pageText(doc);
  const item = await db
    .selectFrom('items')
    .select(['collection_id', 'document_id'])
    .where('id', '=', room.itemId)
    .executeTakeFirst();
  const indexed = await db
    .selectFrom('search_documents')
    .select('raw')
    .where('item_id', '=', room.itemId)
    .executeTakeFirst();
  if (!item || (raw === '' && !indexed) || indexed?.raw === raw) return;
  await indexPage(db, dialect, {
    itemId: room.itemId,
    collectionId: item.collection_id,
    documentId: item.document_id,
    raw
  });
  await reopenIfEditedAfterApproval(db, room.itemId, doc, unstoredAuthors);
  await maybeRecordVersion(db, room.itemId, doc, 'activity', unstoredAuthors);
}
