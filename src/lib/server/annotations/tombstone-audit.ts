/**
 * Audit rows for deletions and restores on an annotation layer, written as a room applies the
 * update that makes them. The actor is the update's sender (the connection, or the server-side
 * editor), never a field the client wrote. A whole annotation removed with a plain `Y.Map.delete`
 * (an old or hostile client) is audited too: the log still holds it, its history shows every field.
 */
import * as Y from 'yjs';
import { ANNOTATIONS, readTombstone } from '../../model/document-schema.ts';
import type { AuditEntry } from '../audit/log.ts';
import type { Extension } from '../collab/hooks.ts';
import { authorOf, madeHere } from '../collab/origins.ts';

export const DELETED = 'annotation.deleted';
export const RESTORED = 'annotation.restored';
export const REMOVED = 'annotation.removed';

/** The tombstones set or cleared, and the annotations removed, by one transaction. */
export function tombstoneChanges(
  room: string,
  actorId: string | null,
  transaction: Y.Transaction
): AuditEntry[] {
  // Compared by identity, not `instanceof Y.Map`: a root the server never read is an untyped placeholder.
  const root = transaction.doc.share.get(ANNOTATIONS);
  if (!root) return [];
  const entries: AuditEntry[] = [];
  const entry = (action: string, annotationId: string, details: Record<string, unknown> = {}) =>
    entries.push({ actorId, action, target: room, details: { annotationId, ...details } });
  for (const [type, keys] of transaction.changed) {
    if (type === root) {
      for (const key of keys) if (key !== null && (root._map.get(key)?.deleted ?? true)) entry(REMOVED, key);
    } else if (type instanceof Y.Map && type._item?.parent === root && keys.has('deletedBy')) {
      const id = type._item.parentSub as string;
      const tombstone = readTombstone(type);
      if (tombstone) entry(DELETED, id, { reason: tombstone.reason });
      else entry(RESTORED, id);
    }
  }
  return entries;
}

/** The collab extension: audits what a change made on this instance deletes or restores. */
export function tombstoneAudit(options: {
  audit(entry: AuditEntry): Promise<unknown>;
  log(message: string): void;
}): Extension {
  return {
    onChange(room, _update, origin, transaction) {
      // A change relayed from another instance is audited there, where its sender is connected.
      if (!madeHere(origin)) return;
      for (const entry of tombstoneChanges(room.name, authorOf(origin), transaction))
        options.audit(entry).catch((err: Error) => options.log(`${room.name}: audit failed: ${err.message}`));
    }
  };
}
