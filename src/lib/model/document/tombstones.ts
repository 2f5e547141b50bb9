/**
 * Deletion is a tombstone: a deleted annotation keeps its map (target, finding, authors) and gains
 * `deletedBy`, `deletedAt` and an optional `deleteReason`; a restore deletes those keys again.
 * Readers skip tombstoned annotations unless asked for them; the history of every field stays in
 * the room's log.
 *
 * Who may restore (the browser shows the button, the socket validator refuses the others): the
 * finding's author, whoever deleted it (undoing their own deletion), an adjudicator (forensic
 * expert or admin) and a coordinator.
 */
import { adjudicates, oversees, type HasRoleAndExpert } from '../roles.ts';
import { LIMITS, isTimestamp } from './roots.ts';

export type Tombstone = { by: string; at: number; reason: string | null };

/** The tombstone stored in an annotation's map, or null when the annotation is not deleted. */
export function readTombstone(map: { get(key: string): unknown }): Tombstone | null {
  const by = map.get('deletedBy');
  if (typeof by !== 'string') return null;
  const at = map.get('deletedAt');
  const reason = map.get('deleteReason');
  return {
    by,
    at: isTimestamp(at) ? at : 0,
    reason: typeof reason === 'string' && reason.length <= LIMITS.deleteReasonLength ? reason : null
  };
}

export function mayRestore(
  user: HasRoleAndExpert & { id: string },
  annotation: { createdBy: string | null; deletedBy: string | null }
): boolean {
  return (
    user.id === annotation.createdBy ||
    user.id === annotation.deletedBy ||
    adjudicates(user) ||
    oversees(user)
  );
}
