/**
 * The tombstone rules of the socket: setting `deletedBy` is checked like any author key (it must
 * name the sender, values.ts); taking a tombstone away (a restore) is allowed only to the people
 * the model names (mayRestore: the author, the deleter, an adjudicator, a coordinator). A restore
 * is the deletion of a stored `deletedBy` entry, so this runs from the delete-set check.
 */
import * as Y from 'yjs';
import type { DeleteSet } from './decode.ts';
import { mayRestore, TOMBSTONE_MARK } from './model-rules.ts';
import type { Places } from './places.ts';
import { refuse, type Refusal, type UpdateSender } from './types.ts';

/** Why deleting this stored item is refused as a restore, or null (not a tombstone, or allowed). */
export function restoreError(
  item: Y.Item,
  ds: DeleteSet,
  places: Places,
  sender: UpdateSender
): Refusal | null {
  if (item.parentSub !== TOMBSTONE_MARK || !(item.content instanceof Y.ContentAny)) return null;
  const annotation = item.parent as Y.AbstractType<unknown>;
  const container = places.storedContainer(annotation);
  if ('ok' in container || container.part !== 'annotation') return null;
  // Deleting the whole annotation takes its tombstone with it: that is not a restore.
  const annotationItem = annotation._item as Y.Item;
  if (annotationItem.deleted || Y.isDeleted(ds, annotationItem.id)) return null;
  const createdBy = (annotation as Y.Map<unknown>).get('createdBy');
  const deletedBy: unknown = item.content.arr[0];
  const allowed = mayRestore(
    { id: sender.userId, role: sender.role, expert: sender.expert },
    {
      createdBy: typeof createdBy === 'string' ? createdBy : null,
      deletedBy: typeof deletedBy === 'string' ? deletedBy : null
    }
  );
  return allowed
    ? null
    : refuse('not-allowed', 'only its author, an adjudicator or a coordinator restores a deleted finding');
}
