/**
 * Co-viewing sessions ("view together"): one per subject — an item, or a body (its photographs on
 * the body page) — started by someone who may see the subject's shared view, joined by colleagues
 * who may see it too. The lead alone sets the shared reveal.
 *
 * Who leads and whether the images are revealed live here, in the database, and change only through
 * these functions with the caller's authenticated user id: room awareness is self-declared by clients
 * and is never asked who leads. Access to the subject (and the blind rule) is checked by the caller
 * before any of these run: `requireApiItem(..., { layer: 'shared' })` for an item, `requireApiBody`
 * and `blindOnBody` (no session while the caller reviews any photo of the body blind) for a body.
 */
import type { Db } from '../db/connect.ts';

/** What a session is about. */
export type CoviewSubject = { kind: 'item' | 'body'; id: string };

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

/** The session's key: one session per subject. */
const keyOf = (subject: CoviewSubject) => `${subject.kind}:${subject.id}`;

const noSession = (subject: CoviewSubject): CoviewRefusal => ({
  refused: 'not_found',
  message: `No one is viewing this ${subject.kind} together now.`
});

async function endStale(db: Db, key: string, now: number): Promise<void> {
  await db
    .deleteFrom('coview_sessions')
    .where('subject', '=', key)
    .where('lead_seen_at', '<', now - LEAD_GONE_MS)
    .execute();
}

/** The subject's session as the caller sees it, or null; the lead asking keeps the session alive. */
export async function coviewState(
  db: Db,
  subject: CoviewSubject,
  userId: string,
  now = Date.now()
): Promise<CoviewState | null> {
  const key = keyOf(subject);
  await endStale(db, key, now);
  await db
    .updateTable('coview_sessions')
    .set({ lead_seen_at: now })
    .where('subject', '=', key)
    .where('lead_id', '=', userId)
    .execute();
  const session = await db
    .selectFrom('coview_sessions as s')
    .innerJoin('users as u', 'u.id', 's.lead_id')
    .select(['s.lead_id', 's.revealed', 'u.name'])
    .where('s.subject', '=', key)
    .executeTakeFirst();
  if (!session) return null;
  const participants = await db
    .selectFrom('coview_participants as p')
    .innerJoin('users as u', 'u.id', 'p.user_id')
    .select(['u.id', 'u.name'])
    .where('p.subject', '=', key)
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

/**
 * Start the subject's session with the caller as lead, blurred; a second session on the subject is
 * refused.
 */
export async function startCoview(
  db: Db,
  subject: CoviewSubject,
  userId: string,
  now = Date.now()
): Promise<CoviewRefusal | null> {
  const key = keyOf(subject);
  await endStale(db, key, now);
  // Why: the primary key on the subject, not a read-then-write, keeps it to one session per subject
  // when two people press "View together" at once.
  const inserted = await db
    .insertInto('coview_sessions')
    .values({
      subject: key,
      item_id: subject.kind === 'item' ? subject.id : null,
      body_id: subject.kind === 'body' ? subject.id : null,
      lead_id: userId,
      revealed: 0,
      lead_seen_at: now
    })
    .onConflict((oc) => oc.column('subject').doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    return {
      refused: 'conflict',
      message: `Someone is already leading a session on this ${subject.kind}: join it.`
    };
  }
  await db
    .insertInto('coview_participants')
    .values({ subject: key, user_id: userId, joined_at: now })
    .execute();
  return null;
}

/** Join the subject's session (idempotent); refused when there is none or it is full. */
export async function joinCoview(
  db: Db,
  subject: CoviewSubject,
  userId: string,
  now = Date.now()
): Promise<CoviewRefusal | null> {
  const key = keyOf(subject);
  await endStale(db, key, now);
  return db.transaction().execute(async (trx) => {
    // Why: touching the session row first locks it (PostgreSQL) or the database (SQLite), so two
    // joins at once cannot both pass the count below and exceed the cap.
    const touched = await trx
      .updateTable('coview_sessions')
      .set((eb) => ({ revealed: eb.ref('revealed') }))
      .where('subject', '=', key)
      .executeTakeFirst();
    if (Number(touched.numUpdatedRows) === 0) return noSession(subject);
    const rows = await trx
      .selectFrom('coview_participants')
      .select('user_id')
      .where('subject', '=', key)
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
      .values({ subject: key, user_id: userId, joined_at: now })
      .execute();
    return null;
  });
}

/**
 * The lead sets the shared reveal; anyone else is refused, whatever their client claims. A lead whom
 * a queue asks to view the item (or a photo of the body) together (`alone: 'refused'`,
 * coview-rule.ts) reveals only once someone else has joined.
 */
export async function setCoviewReveal(
  db: Db,
  subject: CoviewSubject,
  userId: string,
  revealed: boolean,
  options: { alone: 'allowed' | 'refused' } = { alone: 'allowed' },
  now = Date.now()
): Promise<CoviewRefusal | null> {
  const key = keyOf(subject);
  await endStale(db, key, now);
  if (revealed && options.alone === 'refused') {
    const people = await db
      .selectFrom('coview_participants')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('subject', '=', key)
      .executeTakeFirst();
    if (Number(people?.n ?? 0) < 2)
      return {
        refused: 'conflict',
        message:
          subject.kind === 'item'
            ? 'This queue asks that this item be viewed together: reveal once someone has joined.'
            : 'A queue asks that a photo of this body be viewed together: reveal once someone has joined.'
      };
  }
  const updated = await db
    .updateTable('coview_sessions')
    .set({ revealed: revealed ? 1 : 0, lead_seen_at: now })
    .where('subject', '=', key)
    .where('lead_id', '=', userId)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return null;
  const session = await db
    .selectFrom('coview_sessions')
    .select('subject')
    .where('subject', '=', key)
    .executeTakeFirst();
  if (!session) return noSession(subject);
  return {
    refused: 'forbidden',
    message: `Only the session lead can reveal the ${subject.kind === 'item' ? 'image' : 'images'} for everyone.`
  };
}

/** Leave the session; when the lead leaves, the session ends for everyone (blurred again). */
export async function leaveCoview(db: Db, subject: CoviewSubject, userId: string): Promise<void> {
  const key = keyOf(subject);
  const ended = await db
    .deleteFrom('coview_sessions')
    .where('subject', '=', key)
    .where('lead_id', '=', userId)
    .executeTakeFirst();
  if (Number(ended.numDeletedRows) > 0) return;
  await db
    .deleteFrom('coview_participants')
    .where('subject', '=', key)
    .where('user_id', '=', userId)
    .execute();
}

/** Is the user in a session on the subject that is revealed and has someone else in it? */
export async function revealedTogether(db: Db, subject: CoviewSubject, userId: string): Promise<boolean> {
  const rows = await db
    .selectFrom('coview_participants as p')
    .innerJoin('coview_sessions as s', 's.subject', 'p.subject')
    .select('p.user_id')
    .where('p.subject', '=', keyOf(subject))
    .where('s.revealed', '=', 1)
    .execute();
  return rows.length > 1 && rows.some((r) => r.user_id === userId);
}
