/**
 * Co-viewing sessions ("view together"): one per item, started by someone who may see the item's
 * shared view, joined by colleagues who may see it too. The lead alone sets the shared reveal.
 *
 * Who leads and whether the image is revealed live here, in the database, and change only through
 * these functions with the caller's authenticated user id: room awareness is self-declared by clients
 * and is never asked who leads. Access to the item (and the blind rule) is checked by the caller
 * with `requireApiItem(..., { layer: 'shared' })` before any of these run.
 */
import type { Db } from '../db/connect.ts';

/** People in one session, the lead included: enough to sit together, few enough to stay a small group. */
export const COVIEW_MAX_PARTICIPANTS = 6;
/** A session whose lead's page has not asked for it for this long has ended (tab closed, offline). */
export const LEAD_GONE_MS = 60_000;

export type CoviewPerson = { id: string; name: string };
export type CoviewState = {
  lead: CoviewPerson;
  revealed: boolean;
  participants: CoviewPerson[];
  /** Whether the caller leads / has joined (the lead has always joined). */
  leads: boolean;
  joined: boolean;
};
export type CoviewRefusal = { refused: 'conflict' | 'forbidden' | 'not_found'; message: string };

const NO_SESSION: CoviewRefusal = {
  refused: 'not_found',
  message: 'No one is viewing this item together now.'
};

async function endStale(db: Db, itemId: string, now: number): Promise<void> {
  await db
    .deleteFrom('coview_sessions')
    .where('item_id', '=', itemId)
    .where('lead_seen_at', '<', now - LEAD_GONE_MS)
    .execute();
}

/** The item's session as the caller sees it, or null; the lead asking keeps the session alive. */
export async function coviewState(
  db: Db,
  itemId: string,
  userId: string,
  now = Date.now()
): Promise<CoviewState | null> {
  await endStale(db, itemId, now);
  await db
    .updateTable('coview_sessions')
    .set({ lead_seen_at: now })
    .where('item_id', '=', itemId)
    .where('lead_id', '=', userId)
    .execute();
  const session = await db
    .selectFrom('coview_sessions as s')
    .innerJoin('users as u', 'u.id', 's.lead_id')
    .select(['s.lead_id', 's.revealed', 'u.name'])
    .where('s.item_id', '=', itemId)
    .executeTakeFirst();
  if (!session) return null;
  const participants = await db
    .selectFrom('coview_participants as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['u.id', 'u.name'])
    .where('p.item_id', '=', itemId)
    .orderBy('p.joined_at')
    .orderBy('u.id')
    .execute();
  return {
    lead: { id: session.lead_id, name: session.name },
    revealed: session.revealed === 1,
    participants: participants.map((p) => ({ id: p.id, name: p.name })),
    leads: session.lead_id === userId,
    joined: participants.some((p) => p.id === userId)
  };
}

/** Start the item's session with the caller as lead, blurred; a second session on the item is refused. */
export async function startCoview(db: Db, itemId: string, userId: string, now = Date.now()) {
  await endStale(db, itemId, now);
  // Why: the primary key on item_id, not a read-then-write, keeps it to one session per item when
  // two people press "View together" at once.
  const inserted = await db
    .insertInto('coview_sessions')
    .values({ item_id: itemId, lead_id: userId, revealed: 0, lead_seen_at: now })
    .onConflict((oc) => oc.column('item_id').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    return {
      refused: 'conflict',
      message: 'Someone is already leading a session on this item: join it.'
    } as const;
  }
  await db
    .insertInto('coview_participants')
    .values({ item_id: itemId, user_id: userId, joined_at: now })
    .execute();
  return null;
}

/** Join the item's session (idempotent); refused when there is none or it is full. */
export async function joinCoview(
  db: Db,
  itemId: string,
  userId: string,
  now = Date.now()
): Promise<CoviewRefusal | null> {
  await endStale(db, itemId, now);
  return db.transaction().execute(async (trx) => {
    // Why: touching the session row first locks it (PostgreSQL) or the database (SQLite), so two
    // joins at once cannot both pass the count below and exceed the cap.
    const touched = await trx
      .updateTable('coview_sessions')
      .set((eb) => ({ revealed: eb.ref('revealed') }))
      .where('item_id', '=', itemId)
      .executeTakeFirst();
    if (Number(touched.numUpdatedRows) === 0) return NO_SESSION;
    const rows = await trx
      .selectFrom('coview_participants')
      .select('user_id')
      .where('item_id', '=', itemId)
      .execute();
    if (rows.some((r) => r.user_id === userId)) return null;
    if (rows.length >= COVIEW_MAX_PARTICIPANTS) {
      return {
        refused: 'conflict',
        message: `This session is full (${COVIEW_MAX_PARTICIPANTS} people).`
      } as const;
    }
    await trx
      .insertInto('coview_participants')
      .values({ item_id: itemId, user_id: userId, joined_at: now })
      .execute();
    return null;
  });
}

/**
 * The lead sets the shared reveal; anyone else is refused, whatever their client claims. A lead whom
 * a queue asks to view the item together (`alone: 'refused'`, coview-rule.ts) reveals only once
 * someone else has joined.
 */
export async function setCoviewReveal(
  db: Db,
  itemId: string,
  userId: string,
  revealed: boolean,
  options: { alone: 'allowed' | 'refused' } = { alone: 'allowed' },
  now = Date.now()
): Promise<CoviewRefusal | null> {
  await endStale(db, itemId, now);
  if (revealed && options.alone === 'refused') {
    const people = await db
      .selectFrom('coview_participants')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('item_id', '=', itemId)
      .executeTakeFirst();
    if (Number(people?.n ?? 0) < 2)
      return {
        refused: 'conflict',
        message: 'This queue asks that this item be viewed together: reveal once someone has joined.'
      };
  }
  const updated = await db
    .updateTable('coview_sessions')
    .set({ revealed: revealed ? 1 : 0, lead_seen_at: now })
    .where('item_id', '=', itemId)
    .where('lead_id', '=', userId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return null;
  const session = await db
    .selectFrom('coview_sessions')
    .select('item_id')
    .where('item_id', '=', itemId)
    .executeTakeFirst();
  return session
    ? { refused: 'forbidden', message: 'Only the session lead can reveal the image for everyone.' }
    : NO_SESSION;
}

/** Leave the session; when the lead leaves, the session ends for everyone (blurred again). */
export async function leaveCoview(db: Db, itemId: string, userId: string): Promise<void> {
  const ended = await db
    .deleteFrom('coview_sessions')
    .where('item_id', '=', itemId)
    .where('lead_id', '=', userId)
    .executeTakeFirst();
  if (Number(ended.numDeletedRows) > 0) return;
  await db
    .deleteFrom('coview_participants')
    .where('item_id', '=', itemId)
    .where('user_id', '=', userId)
    .execute();
}
