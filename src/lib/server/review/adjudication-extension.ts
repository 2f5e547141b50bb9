/**
 * Adjudication decisions, seen where they are stored. Decisions travel on the socket (an
 * adjudicator's browser writes them into the item's shared layer), so the server learns of them
 * here: once an update that changed decisions is in the log, each changed decision becomes an audit
 * row under its sender, and the item's `adjudicated` mark is recomputed in every blind queue where
 * it has all its reviews (it leaves "ready to adjudicate" when every group of findings is decided).
 */
import type * as Y from 'yjs';
import type { Db } from '../db/connect.ts';
import { audit, type AuditEntry } from '../audit/log.ts';
import type { Extension } from '../collab/hooks.ts';
import { authorOf, madeHere } from '../collab/origins.ts';
import type { Room } from '../collab/room.ts';
import { ADJUDICATION, adjudicationOf, isDecision, readDecisions } from '../../model/document-schema.ts';
import { parseRoomName } from '../../model/rooms.ts';
import { itemReviews, reviewLayers, type ReadRoom } from './adjudication.ts';

/** The decision keys a transaction changed (the root may still be an untyped placeholder). */
function changedDecisions(transaction: Y.Transaction): string[] {
  const root = transaction.doc.share.get(ADJUDICATION);
  const keys = root && transaction.changed.get(root);
  return keys ? [...keys].filter((k): k is string => k !== null) : [];
}

/** Marks the item adjudicated (or not) in each blind queue where it has all its reviews. */
async function markAdjudicated(db: Db, read: ReadRoom, itemId: string, doc: Y.Doc): Promise<void> {
  const queues = await db
    .selectFrom('queue_items as qi')
    .innerJoin('queues as q', 'q.id', 'qi.queue_id')
    .select('q.id')
    .where('qi.item_id', '=', itemId)
    .where('q.blind', '=', 1)
    .whereRef('qi.done', '>=', 'q.reviews_per_item')
    .execute();
  const decisions = readDecisions(doc);
  for (const queue of queues) {
    const { groups } = await reviewLayers(read, itemId, await itemReviews(db, queue.id, itemId));
    const decided = groups.length > 0 && groups.every((g) => decisions[g.key]);
    await db
      .updateTable('queue_items')
      .set({ adjudicated: decided ? 1 : 0 })
      .where('queue_id', '=', queue.id)
      .where('item_id', '=', itemId)
      .execute();
  }
}

export function adjudicationExtension(options: {
  db: Db;
  read: ReadRoom;
  log(message: string): void;
}): Extension {
  const pending = new Map<Room, AuditEntry[]>();
  return {
    onChange(room, _update, origin, transaction) {
      const name = parseRoomName(room.name);
      const actorId = authorOf(origin);
      // Another instance audits what its own clients wrote; a relayed copy is not audited twice.
      if (name?.kind !== 'item' || !madeHere(origin) || !actorId) return;
      const keys = changedDecisions(transaction);
      if (keys.length === 0) return;
      const map = adjudicationOf(room.doc);
      const entries = pending.get(room) ?? [];
      for (const group of keys) {
        const value = map.get(group);
        entries.push(
          isDecision(value)
            ? {
                actorId,
                action: 'adjudication.decide',
                target: name.itemId,
                details: {
                  group,
                  decision: value.decision,
                  annotationId: value.annotationId,
                  from: value.from,
                  ...(value.reason && { reason: value.reason })
                }
              }
            : { actorId, action: 'adjudication.clear', target: name.itemId, details: { group } }
        );
      }
      pending.set(room, entries);
    },
    afterStore(room) {
      const entries = pending.get(room);
      const name = parseRoomName(room.name);
      if (!entries || name?.kind !== 'item') return;
      // Why only now: the audit row must not claim a decision the log could still lose.
      pending.delete(room);
      void (async () => {
        for (const entry of entries) await audit(options.db, entry);
        await markAdjudicated(options.db, options.read, name.itemId, room.doc);
      })().catch((err: Error) => options.log(`${room.name}: adjudication audit failed: ${err.message}`));
    },
    async afterUnload(room) {
      pending.delete(room);
    }
  };
}
