/**
 * Runs a room's projection (debounced) after changes to the parts of its document it reads, and
 * once more, if one is due, before the room unloads or the server stops. The projection is told
 * which of those parts changed since it last ran: a page whose fields are being typed into does not
 * rewrite its annotations every second.
 */
import type * as Y from 'yjs';
import type { Extension } from './hooks.ts';
import type { Room } from './room.ts';

const PROJECT_MS = 1000;

export type Project = (
  room: string,
  doc: Y.Doc,
  unstoredAuthors: () => string[],
  /** The top-level types changed since the last run (a subset of the extension's `roots`). */
  changed: ReadonlySet<string>
) => Promise<void>;

/**
 * The wanted roots the transaction changed, from each changed type up to its root. Not
 * `changedParentTypes`: that list is filled by typed observers, and a root the server never read
 * (an untyped placeholder) has none.
 */
function touched(transaction: Y.Transaction, roots: readonly string[], into: Set<string>): void {
  for (const type of transaction.changed.keys()) {
    if (into.size === roots.length) return;
    let root = type;
    while (root._item !== null) root = root._item.parent as typeof root;
    for (const name of roots) if (transaction.doc.share.get(name) === root) into.add(name);
  }
}

export function projectionExtension(options: {
  project: Project;
  /** The top-level types the projection reads: a change elsewhere needs no projection. */
  roots: readonly string[];
  log(message: string): void;
}): Extension {
  /** Per room: the roots changed since its last run, and the timer of the next one. */
  const due = new Map<Room, { changed: Set<string>; timer: NodeJS.Timeout }>();
  const run = (room: Room, changed: Set<string>) =>
    options
      .project(room.name, room.doc, () => room.unstoredAuthors(), changed)
      .catch((err: Error) => options.log(`${room.name}: projection failed: ${err.message}`));

  return {
    onChange(room, _update, _origin, transaction) {
      const pending = due.get(room);
      if (pending) return touched(transaction, options.roots, pending.changed);
      const changed = new Set<string>();
      touched(transaction, options.roots, changed);
      if (changed.size === 0) return;
      const timer = setTimeout(() => {
        due.delete(room);
        void run(room, changed);
      }, PROJECT_MS);
      due.set(room, { changed, timer });
    },
    async onUnload(room) {
      const pending = due.get(room);
      if (!pending) return;
      clearTimeout(pending.timer);
      due.delete(room);
      await run(room, pending.changed);
    },
    async onDestroy() {
      for (const { timer } of due.values()) clearTimeout(timer);
      due.clear();
    }
  };
}
