import * as Y from 'yjs';
import type { DeleteSet } from './decode.ts';
import type { Places } from './places.ts';
import { refuse, type Refusal, type UpdateSender } from './types.ts';
import { EXPERT_ONLY_FIELD } from './model-rules.ts';
import { restoreError } from './tombstones.ts';

/**
 * Checks the update's delete set. It may name only clocks the room (or the update) holds. A range
 * whose items are deleted already changes nothing: every sync reply carries the client's whole
 * delete set, so read-only clients send those too. Deleting a stored item is a write: refused to
 * read-only senders, and for the consistency opinion refused to non-experts unless the finding
 * itself goes with it (deleting an annotation deletes everything in it); a tombstone is taken away
 * only by those allowed to restore (tombstones.ts).
 */
export function checkDeletions(
  doc: Y.Doc,
  ds: DeleteSet,
  state: Map<number, number>,
  places: Places,
  sender: UpdateSender,
  readOnly: boolean
): Refusal | null {
  for (const [client, ranges] of ds.clients) {
    const end = state.get(client) ?? Y.getState(doc.store, client);
    const stored = Y.getState(doc.store, client);
    const structs = doc.store.clients.get(client) ?? [];
    for (const { clock, len } of ranges) {
      if (clock + len > end)
        return refuse('missing-dependency', `deletes ${client}:${clock}+${len}, which the room lacks`);
      if (clock >= stored) continue;
      const stop = Math.min(clock + len, stored);
      for (let i = Y.findIndexSS(structs, clock); i < structs.length; i++) {
        const struct = structs[i] as Y.Item | Y.GC;
        if (struct.id.clock >= stop) break;
        if (!(struct instanceof Y.Item) || struct.deleted) continue;
        if (readOnly) return refuse('read-only', 'this connection may not change the document');
        if (!sender.expert && struct.parentSub === EXPERT_ONLY_FIELD && !goesWithFinding(struct, ds, places))
          return refuse('expert-only', 'only forensic experts remove the consistency opinion');
        const restore = restoreError(struct, ds, places, sender);
        if (restore) return restore;
      }
    }
  }
  return null;
}

function goesWithFinding(item: Y.Item, ds: DeleteSet, places: Places): boolean {
  const finding = item.parent as Y.AbstractType<unknown>;
  const container = places.storedContainer(finding);
  if ('ok' in container || container.part !== 'finding') return true;
  const findingItem = finding._item as Y.Item;
  return findingItem.deleted || Y.isDeleted(ds, findingItem.id);
}
