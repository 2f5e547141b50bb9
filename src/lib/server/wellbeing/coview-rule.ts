/**
 * "Never view alone" as a queue rule: a queue may require co-viewing for items from a severity on
 * (`queues.coview_from_severity`, set at creation and by `PATCH /api/queues/:id`). The rule binds a
 * reviewer who holds an active assignment on the item in such a queue, wherever they open it.
 *
 * What is enforced, honestly: tiles reach the browser and blur is applied there, so the server
 * cannot stop a determined person from seeing an image. It does refuse what it records: the lead of
 * a session bound by the rule cannot reveal for the session while alone in it (409, coview.ts), the
 * viewer offers no reveal of one's own, and an unprotected-exposure heartbeat on such an item outside
 * a revealed session with someone else is audited (`coview.alone`) while still counted in the ledger.
 * Blind queues cannot carry the rule: co-viewing opens the shared layer, which blind review closes.
 */
import { audit } from '../audit/log.ts';
import type { Db } from '../db/connect.ts';
import { descriptionOf } from './descriptions.ts';
import { severityOfItem } from './labels.ts';

/** The lowest severity from which a queue in which the user works on the item asks for company. */
async function strictestRule(db: Db, userId: string, itemId: string): Promise<number | null> {
  const row = await db
    .selectFrom('assignments as a')
    .innerJoin('queues as q', 'q.id', 'a.queue_id')
    .select((eb) => eb.fn.min('q.coview_from_severity').as('from'))
    .where('a.user_id', '=', userId)
    .where('a.item_id', '=', itemId)
    .where('a.status', '=', 'active')
    .where('q.coview_from_severity', 'is not', null)
    .executeTakeFirst();
  return row?.from == null ? null : Number(row.from);
}

/** Must this user view this item together (label or description at or above a queue's threshold)? */
export async function coviewRequired(db: Db, userId: string, itemId: string): Promise<boolean> {
  const from = await strictestRule(db, userId, itemId);
  if (from === null) return false;
  const [labelled, described] = await Promise.all([
    severityOfItem(db, itemId),
    descriptionOf(db, { kind: 'item', id: itemId })
  ]);
  return Math.max(labelled ?? 0, described?.severity ?? 0) >= from;
}

/** Is the user in a session on the item that is revealed and has someone else in it? */
async function revealedTogether(db: Db, userId: string, itemId: string): Promise<boolean> {
  const rows = await db
    .selectFrom('coview_participants as p')
    .innerJoin('coview_sessions as s', 's.item_id', 'p.item_id')
    .select('p.user_id')
    .where('p.item_id', '=', itemId)
    .where('s.revealed', '=', 1)
    .execute();
  return rows.length > 1 && rows.some((r) => r.user_id === userId);
}

/** Audits an unprotected heartbeat on an item the user should not see alone (see the header). */
export async function auditAloneExposure(
  db: Db,
  userId: string,
  itemId: string,
  seconds: number,
  ip: string | null
): Promise<boolean> {
  if (!(await coviewRequired(db, userId, itemId))) return false;
  if (await revealedTogether(db, userId, itemId)) return false;
  await audit(db, { actorId: userId, action: 'coview.alone', target: itemId, details: { seconds }, ip });
  return true;
}
