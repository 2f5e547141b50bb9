/**
 * How far the server is with a browser upload, for the page that sent it: one row per upload while
 * it runs (migrations/2026_12_06_020000_upload_progress.ts), written by the process that runs the
 * upload, read by whichever process answers the page's poll.
 *
 * Security invariants: the id is chosen by the uploading page, so it names nothing by itself — a
 * row is read only by its uploader or by someone who may see its collection (upload-http.ts), and
 * an id already in use is refused rather than shared.
 */
import type { Db } from '../db/connect.ts';
import type { UploadProgressTable } from '../db/schema.ts';

export const UPLOAD_ID = /^[A-Za-z0-9_-]{16,64}$/;
export type UploadPhase = UploadProgressTable['phase'];
export type UploadProgress = { phase: UploadPhase; progress: number };

/** Rows of uploads whose process died mid-way (no `finally` ran) are cleared after this long. */
const ABANDONED_MS = 24 * 60 * 60 * 1000;

/** The row of a new upload; false when the id is taken. */
export async function startProgress(
  db: Db,
  upload: { id: string; collectionId: string; uploaderId: string }
): Promise<boolean> {
  const now = Date.now();
  await db
    .deleteFrom('upload_progress')
    .where('updated_at', '<', now - ABANDONED_MS)
    .execute();
  const inserted = await db
    .insertInto('upload_progress')
    .values({
      id: upload.id,
      collection_id: upload.collectionId,
      uploader_id: upload.uploaderId,
      phase: 'receiving',
      permille: 0,
      updated_at: now
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** A reporter for one upload: writes its phase and fraction when they change by a whole percent. */
export function progressReporter(db: Db, id: string) {
  let written = { phase: 'receiving' as UploadPhase, permille: 0 };
  let wanted = written;
  let writing: Promise<void> | null = null;

  const differs = () => wanted.phase !== written.phase || Math.abs(wanted.permille - written.permille) >= 10;
  // One write at a time; whatever was reported meanwhile is written next (the latest wins).
  function kick(): void {
    if (writing || !differs()) return;
    const next = wanted;
    // An update, never an upsert: a report that arrives after `end` revives nothing.
    writing = db
      .updateTable('upload_progress')
      .set({ phase: next.phase, permille: next.permille, updated_at: Date.now() })
      .where('id', '=', id)
      .execute()
      .then(
        () => {},
        (err: unknown) => console.error(`[athar] upload progress ${id}: ${(err as Error).message}`)
      )
      .finally(() => {
        written = next; // a failed write is not retried: the next report writes again
        writing = null;
        kick();
      });
  }
  return {
    report(phase: UploadPhase, fraction: number): void {
      wanted = { phase, permille: Math.round(Math.min(Math.max(fraction, 0), 1) * 1000) };
      kick();
    },
    /** Waits for the write in hand, then removes the row. */
    async end(): Promise<void> {
      while (writing) await writing;
      await db.deleteFrom('upload_progress').where('id', '=', id).execute();
    }
  };
}

export type ProgressReporter = ReturnType<typeof progressReporter>;

export async function findProgress(db: Db, id: string) {
  return db.selectFrom('upload_progress').selectAll().where('id', '=', id).executeTakeFirst();
}
