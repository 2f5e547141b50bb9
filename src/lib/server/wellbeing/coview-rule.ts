/**
 * "Never view alone" as a queue rule: a queue may require co-viewing for items from a severity on
 * (`queues.coview_from_severity`, set at creation and by `PATCH /api/queues/:id`). The rule binds a
 * reviewer who holds an active assignment on the item in such a queue, wherever they open it.
 *
 * What is enforced, honestly: tiles reach the browser and blur is applied there, so the server
 * cannot stop a determined person from seeing an image. It does refuse what it records: the lead of
 * a session bound by the rule cannot reveal for the session while alone in it (409, coview.ts), the
 * viewer and the body page offer no reveal of one's own, and an unprotected-exposure heartbeat on
 * such an item (or on a body with such a photo) outside a session revealed with someone else is
 * audited (`coview.alone`) while still counted in the ledger.
 * Blind queues cannot carry the rule: co-viewing opens the shared layer, which blind review closes.
 */
import { audit } from '../audit/log.ts';
import type { Db } from '../db/connect.ts';
import { revealedTogether, type CoviewSubject } from './coview.ts';
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

/** Must this user view this body's photos together (a queue asks it for one of them)? */
export async function coviewRequiredOnBody(db: Db, userId: string, bodyId: string): Promise<boolean> {
  // Usually no row: only photos of the body held in a queue with the rule are weighed.
  const held = await db
    .selectFrom('assignments as a')
    .innerJoin('queues as q', 'q.id', 'a.queue_id')
    .innerJoin('body_items as b', 'b.item_id', 'a.item_id')
    .select('a.item_id')
    .distinct()
    .where('a.user_id', '=', userId)
    .where('a.status', '=', 'active')
    .where('q.coview_from_severity', 'is not', null)
    .where('b.body_id', '=', bodyId)
    .execute();
  for (const { item_id } of held) if (await coviewRequired(db, userId, item_id)) return true;
  return false;
}

/**
 * Audits an unprotected heartbeat on a subject the user should not see alone (see the header): an
 * item, or a body one of whose photos a queue asks them to see together. The body's rule carries
 * over unchanged: its page, like the viewer, offers no reveal of one's own under the rule and shows
 * the photos only through the body's session (`revealedTogether` on `body:<id>`), so a body beat
 * outside a session revealed with someone else is the same lone view the server can only record.
 */
export async function auditAloneExposure(
  db: Db,
  userId: string,
  subject: CoviewSubject,
  seconds: number,
  ip: string | null
): Promise<boolean> {
  const required =
    subject.kind === 'item'
      ? await coviewRequired(db, userId, subject.id)
      : await coviewRequiredOnBody(db, userId, subject.id);
  if (!required) return false;
  if (await revealedTogether(db, subject, userId)) return false;
  await audit(db, {
    actorId: userId,
    action: 'coview.alone',
    target: subject.id,
    details: subject.kind === 'item' ? { seconds } : { seconds, subject: 'body' },
    ip
  });
  return true;
}
