/**
 * A room's offline copy: the document in IndexedDB (one database per user and room), so that edits
 * made offline survive a reload and merge when the connection returns, and the count of its
 * changes the server had not acknowledged when the page went away (in localStorage, per user and
 * room: offline-copies.ts reads it to decide which copies may be deleted).
 */
import { IndexeddbPersistence } from 'y-indexeddb';
import type * as Y from 'yjs';

export type OfflineStore = {
  /** The origin of the transactions that load the stored copy. */
  origin: unknown;
  /** Resolves once the stored copy is in the document, or was found unavailable. */
  loaded: Promise<void>;
  destroy(): void;
};

/** How long to wait for IndexedDB before going on without it (blocked storage, private windows). */
const OFFLINE_WAIT_MS = 3000;

/**
 * The document's copy in IndexedDB, one database per user and room: someone else signing in on the
 * same browser never loads, or sends, another person's unsent edits.
 */
export function openOfflineStore(userId: string, room: string, doc: Y.Doc): OfflineStore {
  let persistence: IndexeddbPersistence | null = null;
  try {
    persistence = new IndexeddbPersistence(`athar:${userId}:${room}`, doc);
  } catch (err) {
    console.warn('[collab] no offline copy:', err);
  }
  const opened = persistence as (IndexeddbPersistence & { _db?: Promise<unknown> }) | null;
  const loaded = new Promise<void>((resolve) => {
    if (!opened) return resolve();
    const timer = setTimeout(resolve, OFFLINE_WAIT_MS);
    opened.whenSynced.then(() => {
      clearTimeout(timer);
      resolve();
    });
    opened._db?.catch((err: unknown) => {
      console.warn('[collab] no offline copy:', err);
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    origin: persistence,
    loaded,
    destroy() {
      void persistence?.destroy();
    }
  };
}

const UNSYNCED_KEY = (userId: string, room: string) => `athar.unsynced.${userId}.${room}`;

/** Unacknowledged local changes left by an earlier page of this room (kept across reloads). */
export function loadCarried(userId: string, room: string): number {
  try {
    const n = Number(localStorage.getItem(UNSYNCED_KEY(userId, room)) ?? 0);
    return Number.isInteger(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

export function saveCarried(userId: string, room: string, count: number): void {
  try {
    if (count > 0) localStorage.setItem(UNSYNCED_KEY(userId, room), String(count));
    else localStorage.removeItem(UNSYNCED_KEY(userId, room));
  } catch {
    // Storage refused: the count is then only as good as this page's.
  }
}
