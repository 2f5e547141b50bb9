/**
 * What a live edit of a page's text does beyond the derived projection: it reopens an approved
 * page and records a version. Neither is derived data (they are history, with their authors), so
 * they run only for edits as they happen, never when `athar collab rebuild` replays the log.
 */
import type * as Y from 'yjs';
import type { Db } from '../db/connect.ts';
import { parseRoomName } from '../../model/rooms.ts';
import { reopenIfEditedAfterApproval } from '../transcription/status.ts';
import { maybeRecordVersion } from '../transcription/versions.ts';

export async function recordPageActivity(
  db: Db,
  roomName: string,
  doc: Y.Doc,
  unstoredAuthors: () => string[]
): Promise<void> {
  const room = parseRoomName(roomName);
  if (room?.kind !== 'item') return;
  await reopenIfEditedAfterApproval(db, room.itemId, doc, unstoredAuthors);
  await maybeRecordVersion(db, room.itemId, doc, 'activity', unstoredAuthors);
}
