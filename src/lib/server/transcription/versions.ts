/**
 * Versions of a transcribed page: the room's state at a moment and who changed the page since the
 * version before. Taken after VERSION_EVERY_MS of activity and at every status change. Restoring a
 * version writes its content into the live document as a new change: the log is never rewritten.
 */
import * as Y from 'yjs';
import type { Db } from '../db/connect.ts';
import { newId } from '../ids.ts';
import { FIELDS, TRANSCRIPTION } from '../../model/document-schema.ts';
import { itemRoom } from '../../model/rooms.ts';
import { fieldsText, transcriptionText } from '../../model/transcription-text.ts';

export const VERSION_EVERY_MS = 3 * 60_000;

const asBuffer = (u8: Uint8Array) => Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);

export function pageText(doc: Y.Doc): string {
  return [transcriptionText(doc), fieldsText(doc)].filter(Boolean).join('\n');
}

/** Who wrote to the page's log between two moments (received after `since`, up to `until`). */
export async function loggedAuthors(db: Db, itemId: string, since: number, until: number): Promise<string[]> {
  const rows = await db
    .selectFrom('collab_updates')
    .select('user_id')
    .distinct()
    .where('room', '=', itemRoom(itemId))
    .where('at', '>', since)
    .where('at', '<=', until)
    .where('user_id', 'is not', null)
    .execute();
  return rows.map((r) => r.user_id as string);
}

/** When the page's last version (of `reason`, if given) was taken, and its text; not its document state. */
export async function lastVersion(db: Db, itemId: string, reason?: 'status') {
  let query = db.selectFrom('page_versions').select(['at', 'text']).where('item_id', '=', itemId);
  if (reason) query = query.where('reason', '=', reason);
  return query.orderBy('at', 'desc').limit(1).executeTakeFirst();
}

/** The last version taken at a status change strictly before `at`. */
export async function statusVersionBefore(db: Db, itemId: string, at: number) {
  return db
    .selectFrom('page_versions')
    .select('at')
    .where('item_id', '=', itemId)
    .where('reason', '=', 'status')
    .where('at', '<', at)
    .orderBy('at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** A status change a version records: the status entered and who moved the page there (null: the server). */
export type VersionChange = { status: string; by: string | null };

/**
 * Records a version when forced (status change, restore) or when activity warrants one.
 * `unstoredAuthors`: who wrote updates the live document holds and the log does not yet (a room
 * stores its updates within a second); without them, an edit made just before a version would be
 * in that version's content but its author in no version's list.
 */
export async function maybeRecordVersion(
  db: Db,
  itemId: string,
  doc: Y.Doc,
  reason: 'activity' | 'status' | 'restore',
  unstoredAuthors: () => string[] = () => [],
  change: VersionChange | null = null
): Promise<boolean> {
  const last = await lastVersion(db, itemId);
  if (reason === 'activity') {
    const text = pageText(doc);
    if (last && (last.text === text || Date.now() - Number(last.at) < VERSION_EVERY_MS)) return false;
    if (!last && text === '') return false;
  }
  // Taken together, with no await in between: the content, its moment, and the authors the log
  // does not hold yet. Every update in `state` is then either logged by `at` or counted here.
  const at = Date.now();
  const text = pageText(doc);
  const state = Y.encodeStateAsUpdate(doc);
  const unstored = unstoredAuthors();
  const logged = await loggedAuthors(db, itemId, last ? Number(last.at) : 0, at);
  await db
    .insertInto('page_versions')
    .values({
      id: newId(),
      item_id: itemId,
      at,
      reason,
      authors: JSON.stringify([...new Set([...logged, ...unstored])].sort()),
      text,
      state: asBuffer(state),
      status: change?.status ?? null,
      changed_by: change?.by ?? null
    })
    .execute();
  return true;
}

export async function listVersions(db: Db, itemId: string) {
  const rows = await db
    .selectFrom('page_versions')
    .select(['id', 'at', 'reason', 'authors', 'text', 'status', 'changed_by'])
    .where('item_id', '=', itemId)
    .orderBy('at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    at: Number(r.at),
    reason: r.reason,
    authors: JSON.parse(r.authors) as string[],
    text: r.text,
    status: r.status,
    changedBy: r.changed_by
  }));
}

/** Replaces the live page's transcription and fields with a version's, as one new change. */
export function restoreInto(live: Y.Doc, versionState: Uint8Array): void {
  const old = new Y.Doc();
  Y.applyUpdate(old, versionState);
  const fragment = live.getXmlFragment(TRANSCRIPTION);
  fragment.delete(0, fragment.length);
  fragment.insert(
    0,
    old
      .getXmlFragment(TRANSCRIPTION)
      .toArray()
      .map((node) => (node as Y.XmlElement | Y.XmlText).clone())
  );
  const fields = live.getMap(FIELDS);
  for (const key of [...fields.keys()]) fields.delete(key);
  old.getMap(FIELDS).forEach((value, key) => {
    fields.set(key, value instanceof Y.AbstractType ? (value as Y.Array<unknown>).clone() : value);
  });
  old.destroy();
}

export async function versionState(db: Db, itemId: string, versionId: string): Promise<Uint8Array | null> {
  const row = await db
    .selectFrom('page_versions')
    .select('state')
    .where('id', '=', versionId)
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return row ? new Uint8Array(row.state) : null;
}
