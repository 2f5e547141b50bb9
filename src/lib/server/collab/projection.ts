/**
 * The relational projection of a room's annotations (for queues, search, export). Derived only:
 * it can be dropped and rebuilt from the log at any time (`athar collab rebuild`).
 */
import type * as Y from 'yjs';
import type { Db } from '../db/connect.ts';
import { readAnnotations } from '../../model/document-schema.ts';
import { parseRoomName } from '../../model/rooms.ts';

export async function projectRoom(db: Db, roomName: string, doc: Y.Doc): Promise<void> {
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
}
