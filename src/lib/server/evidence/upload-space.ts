/**
 * Room on DATA_DIR's disk for browser uploads: an upload starts only when what it may take still
 * leaves `keepFree` bytes free. Why: the database, its write-ahead log and every other write share
 * that disk, and a full disk stops them all — every reviewer's edits with them. Uploads are up to
 * 2 GiB each, any number may be received at once, and each keeps its bytes while it waits its turn
 * to be cut (upload-http.ts).
 */
import fsp from 'node:fs/promises';

/** What an upload of n bytes may take at its peak: the received file, the ingest's copy, the tiles. */
const PEAK_PER_BYTE = 3;

export type SpaceHold = { release(): void };

export function createUploadSpace(dataDir: string, keepFree: number) {
  /** What the uploads running in this process may still write (statfs sees only what is written). */
  let held = 0;
  return {
    /** A hold on the room an upload of `bytes` needs, or null when there is not enough. */
    async hold(bytes: number): Promise<SpaceHold | null> {
      const need = bytes * PEAK_PER_BYTE;
      const { bavail, bsize } = await fsp.statfs(dataDir);
      // Checked and taken in one turn of the event loop: two uploads cannot both take the last room.
      if (bavail * bsize - held - need < keepFree) return null;
      held += need;
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          held -= need;
        }
      };
    }
  };
}
