/**
 * Runs a room's projection (debounced) after changes to the parts of its document it reads, and
 * once more, if one is due, before the room unloads or the server stops.
 */
import type * as Y from 'yjs';
import type { Extension } from './hooks.ts';
import type { Room } from './room.ts';

const PROJECT_MS = 1000;

export type Project = (room: string, doc: Y.Doc, unstoredAuthors: () => string[]) => Promise<void>;

/**
 * From each type the transaction changed up to its root. Not `changedParentTypes`: that list is
 * filled by typed observers, and a root the server never read (an untyped placeholder) has none.
 */
function touches(transaction: Y.Transaction, roots: readonly string[]): boolean {
  const wanted = new Set(roots.map((name) => transaction.doc.share.get(name)));
  for (const type of transaction.changed.keys()) {
    let root = type;
    while (root._item !== null) root = root._item.parent as typeof root;
    if (wanted.has(root)) return true;
  }
  return false;
}

export function projectionExtension(options: {
  project: Project;
  /** The top-level types the projection reads: a change elsewhere needs no projection. */
  roots: readonly string[];
  log(message: string): void;
}): Extension {
  const timers = new Map<Room, NodeJS.Timeout>();
  const run = (room: Room) =>
    options
      .project(room.name, room.doc, () => room.unstoredAuthors())
      .catch((err: Error) => options.log(`${room.name}: projection failed: ${err.message}`));

  return {
    onChange(room, _update, _origin, transaction) {
      if (timers.has(room) || !touches(transaction, options.roots)) return;
      timers.set(
        room,
        setTimeout(() => {
          timers.delete(room);
          void run(room);
        }, PROJECT_MS)
      );
    },
    async onUnload(room) {
      const timer = timers.get(room);
      if (!timer) return;
      clearTimeout(timer);
      timers.delete(room);
      await run(room);
    },
    async onDestroy() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    }
  };
}
