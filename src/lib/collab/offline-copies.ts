/**
 * Offline copies (IndexedDB, one per user and room) exist to keep edits that have not reached the
 * server. On the sign-in page nobody is signed in on this browser; a copy whose edits were all sent
 * is then only a copy of the case left on the machine, and it is deleted. A copy still carrying
 * unsent edits (its count is carried in localStorage per user and room) is kept, so that its author,
 * signing in again, sends them: nothing written is lost to a sign-out or an expired session.
 */
import { loadCarried } from './offline-store';

const COPY = /^athar:([^:]+):(.+)$/;

export async function deleteSentOfflineCopies(): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return;
  for (const { name } of await indexedDB.databases()) {
    const copy = name ? COPY.exec(name) : null;
    if (!copy || loadCarried(copy[1] as string, copy[2] as string) > 0) continue;
    indexedDB.deleteDatabase(name as string);
  }
}
