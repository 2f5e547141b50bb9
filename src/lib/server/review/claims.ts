/**
 * Handing out work. `claimNext` gives a reviewer one review slot of one item, atomically:
 * - no two reviewers ever hold the same slot: a unique index over live assignments
 *   (queue, item, slot) refuses the second, whatever the engine or the number of instances;
 * - a reviewer never gets the same item twice in one queue: a unique index (queue, item, user);
 * - a reviewer holds one active assignment per queue: a unique index (queue, user) over active
 *   ones, so two Next presses at once (a double click) cannot take two items;
 * - leases expire: an active assignment past its lease returns its slot to the pool.
 * A lost race on the unique indexes is retried (and then finds the winner's assignment).
 *
 * Why so few round trips: on PostgreSQL a claim is one statement (the caller's right to take work
 * from the queue checked, the reviewer's own assignment looked up, candidate taken `FOR UPDATE SKIP
 * LOCKED` so concurrent reviewers pass each other, counter moved, assignment inserted), committed on
 * its own; with the token looked up once by the hooks, a Next costs two round trips; lapsed leases
 * and handed-back work (leases.ts), both rare, cost a round trip more when there are some. A
 * transaction held across several awaited round trips kept its locks, among them the access
 * epoch's row that every new assignment moves, for all of them, and every claim of the instance
 * queued behind it; and every extra statement of a claim waited again for a pooled connection
 * behind every other request of the instance.
 * SQLite has one writer and no network: a short transaction.
 * Candidates come from `queue_items_open` (open items only, in queue order), so a claim late in a
 * long queue does not walk past every full item from the start.
 * - a paused or closed queue hands out nothing new (review/manage.ts): the candidate must belong to
 *   an open queue in the very statement that takes it, so a claim racing a pause sees one or the
 *   other whole; an assignment already held is still handed back, and can be finished;
 * - an item a coordinator handed back (`returned`) comes first, reactivating the reviewer's own
 *   skipped assignment (the once-per-reviewer index allows no second row).
 * - who may take work is the caller's condition on the statement's queue `q` (its one owner is
 *   auth/access/queues.ts): the candidate is taken only under it, and the situation row says
 *   whether it held, so a refusal (404 no such queue, 403 not a reviewer there) costs nothing more.
 */
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Db, Dialect } from '../db/connect.ts';
import type { QueueState } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { expireLeases, moveLive, reactivateReturned } from './leases.ts';
import { isId } from '../validate.ts';

export type Claim = { id: string; itemId: string; slot: number; leaseExpiresAt: number };
/** Why a member gets nothing new: the queue is not open. */
export type NotOpen = Exclude<QueueState, 'open'>;
/** May the caller take work from the queue: a condition on the claim statement's queue `q`. */
export type MayReview = RawBuilder<SqlBool>;
/** A Next: refused (404 no such queue, 403 the caller does not review in it), or its claim. */
export type NextOutcome =
  { ok: false; status: 403 | 404 } | { ok: true; blind: boolean; claim: Claim | null | NotOpen };

const RETRIES = 8;

/** A unique index refused the claim's insert (another claim holds the slot, or the reviewer's). */
function isUniqueViolation(err: unknown): boolean {
  const message = (err as Error).message ?? '';
  return (err as { code?: string }).code === '23505' || /unique|duplicate key/i.test(message);
}

function isRace(err: unknown): boolean {
  const message = (err as Error).message ?? '';
  const code = (err as { code?: string }).code ?? '';
  return (
    isUniqueViolation(err) ||
    /SQLITE_BUSY|database is locked|could not serialize|deadlock/i.test(message) ||
    code === '40001' ||
    code === '40P01'
  );
}

/** An active assignment of the queue whose lease has run out (`assignments_leases`). */
const lapsed = (queueId: string, now: number) =>
  sql<SqlBool>`exists (select 1 from assignments l where l.queue_id = ${queueId} and l.status = 'active'
    and l.lease_expires_at < ${now})`;

/** A handed-back assignment of this reviewer waits in the queue (it comes before anything new). */
const handedBack = (queueId: string, userId: string) =>
  sql<SqlBool>`exists (select 1 from assignments r where r.queue_id = ${queueId} and r.user_id = ${userId}
    and r.status = 'returned')`;

/**
 * An item `qi` of the queue with a slot not held live (`qi.live < qi.slots` picks the partial index)
 * that this reviewer has not had. Why `not in` over the reviewer's items, read once per statement
 * (`assignments_reviewer_items`) and probed as a hash: a reviewer walks past every open item they
 * have already reviewed (it waits for its other reviewers), and the correlated `not exists` this
 * replaces was planned, on fresh statistics, as a scan of all the reviewer's assignments in the
 * queue for each of those items: 12,400 rows for one claim of a reviewer 80 items in, growing with
 * the square of their progress. `item_id` is never null, so `not in` means what it says.
 */
const openFor = (queueId: string, userId: string) =>
  sql<SqlBool>`qi.live < qi.slots and qi.item_id not in (select a.item_id from assignments a
    where a.queue_id = ${queueId} and a.user_id = ${userId})`;

/**
 * The first open item in queue order this reviewer has not had (`openFor`), taken only when the
 * reviewer has no active or handed-back assignment in the queue and no lease there has lapsed:
 * those are settled first (the caller reads why nothing was taken from `situation`), so a claim
 * never doubles an assignment nor passes a slot about to free.
 */
function candidate(queueId: string, userId: string, now: number, may: MayReview, lock: RawBuilder<unknown>) {
  return sql`select qi.queue_id, qi.item_id from queue_items qi
    where qi.queue_id = ${queueId} and ${openFor(queueId, userId)}
      and exists (select 1 from queues q where q.id = qi.queue_id and q.state = 'open' and ${may})
      and not exists (select 1 from assignments m where m.queue_id = qi.queue_id and m.user_id = ${userId}
        and m.status in ('active', 'returned'))
      and not ${lapsed(queueId, now)}
    order by qi.position
    limit 1
    ${lock}`;
}

/**
 * What stands before a new claim, in one row: the queue (whether the caller may take work from it,
 * its state and settings), a lapsed lease in it, the reviewer's handed-back assignment, and their
 * active assignment whose lease still runs (the `assignments_one_open` index allows at most one),
 * and whether any item is open for them at all (`open_left`, locked or not). No row: no such queue.
 */
function situation(queueId: string, userId: string, now: number, may: MayReview) {
  return sql`select ${may} as may_review, q.state, q.blind, q.reviews_per_item, q.lease_ms,
      ${lapsed(queueId, now)} as lapsed, ${handedBack(queueId, userId)} as returned,
      exists (select 1 from queue_items qi where qi.queue_id = q.id and ${openFor(queueId, userId)}) as open_left,
      own.id as own_id, own.item_id as own_item_id, own.slot as own_slot, own.lease_expires_at as own_lease
    from queues q
    left join assignments own on own.queue_id = q.id and own.user_id = ${userId} and own.status = 'active'
      and own.lease_expires_at > ${now}
    where q.id = ${queueId}`;
}

/**
 * The new assignment `id`, from `source` (rows with `queue_id`, `item_id`), in the lowest slot not
 * held live, leased for the queue's `lease_ms` from `now`.
 * Casts: PostgreSQL types an INSERT … SELECT's parameters from the select, not from the columns.
 */
function assignmentFrom(source: RawBuilder<unknown>, id: string, userId: string, now: number) {
  return sql`insert into assignments
      (id, queue_id, item_id, user_id, slot, status, reason, claimed_at, lease_expires_at, finished_at)
    select cast(${id} as text), c.queue_id, c.item_id, cast(${userId} as text),
      (select min(n.s) from slot_numbers n where n.s not in (select l.slot from assignments l
        where l.queue_id = c.queue_id and l.item_id = c.item_id and l.status in ('active', 'submitted'))),
      'active', cast(null as text), cast(${now} as bigint), cast(${now} as bigint) + q.lease_ms,
      cast(null as bigint)
    from ${source} c join queues q on q.id = c.queue_id
    returning item_id, slot, lease_expires_at`;
}

/** Slot numbers 1 … the queue's reviews per item. */
const slotNumbers = (queueId: string) =>
  sql`slot_numbers(s) as (select 1 union all select s + 1 from slot_numbers
    where s < (select q.reviews_per_item from queues q where q.id = ${queueId}))`;

type Situation = {
  may_review: boolean | number;
  blind: number;
  reviews_per_item: number;
  lease_ms: number | string;
  state: QueueState;
  open_left: boolean | number;
  lapsed: boolean | number;
  returned: boolean | number;
  own_id: string | null;
  own_item_id: string | null;
  own_slot: number | null;
  own_lease: number | string | null;
  new_item_id?: string | null;
  new_slot?: number | null;
  new_lease?: number | string | null;
};

/** What one claim attempt found: the reviewer's open assignment, the one just taken, or why none. */
type Attempt = { situation: Situation | undefined; claim: Claim | null };

function ownClaim(row: Situation): Claim | null {
  return row.own_id === null
    ? null
    : {
        id: row.own_id,
        itemId: row.own_item_id!,
        slot: row.own_slot!,
        leaseExpiresAt: Number(row.own_lease)
      };
}

/**
 * PostgreSQL, one statement committed on its own: the situation, and the candidate taken (`FOR
 * UPDATE SKIP LOCKED`, or waiting for the rows others hold when `wait`), its counter moved and its
 * assignment inserted, all from one snapshot. Why one: a transaction held across awaited round
 * trips kept its locks (the access epoch's row among them) for all of them.
 */
async function attemptPostgres(
  db: Db,
  queueId: string,
  userId: string,
  may: MayReview,
  wait: boolean
): Promise<Attempt> {
  const now = Date.now();
  const id = newId();
  const lock = wait ? sql`for update of qi` : sql`for update of qi skip locked`;
  const { rows } = await sql<Situation>`with recursive ${slotNumbers(queueId)},
      picked as (${candidate(queueId, userId, now, may, lock)}),
      bumped as (update queue_items qi set live = qi.live + 1 from picked
        where qi.queue_id = ${queueId} and qi.item_id = picked.item_id returning qi.queue_id, qi.item_id),
      inserted as (${assignmentFrom(sql`bumped`, id, userId, now)})
    select s.*, n.item_id as new_item_id, n.slot as new_slot, n.lease_expires_at as new_lease
    from (${situation(queueId, userId, now, may)}) s left join inserted n on true`.execute(db);
  const row = rows[0];
  const taken: Claim | null = row?.new_item_id
    ? { id, itemId: row.new_item_id, slot: row.new_slot!, leaseExpiresAt: Number(row.new_lease) }
    : null;
  return { situation: row, claim: taken ?? (row ? ownClaim(row) : null) };
}

/**
 * SQLite, one short transaction (one writer, no network): the situation; lapsed leases returned
 * in the same transaction; then the candidate taken and its counter moved.
 */
async function attemptSqlite(db: Db, queueId: string, userId: string, may: MayReview): Promise<Attempt> {
  return db.transaction().execute(async (trx) => {
    const now = Date.now();
    const { rows } = await sql<Situation>`${situation(queueId, userId, now, may)}`.execute(trx);
    const row = rows[0];
    if (!row || !row.may_review || row.own_id !== null || row.returned || row.state !== 'open')
      return { situation: row, claim: row ? ownClaim(row) : null };
    if (row.lapsed) await expireLeases(trx, 'sqlite', queueId, now);
    const id = newId();
    const inserted = await sql<{ item_id: string; slot: number; lease_expires_at: number }>`with recursive
      ${slotNumbers(queueId)}, picked as (${candidate(queueId, userId, now, may, sql``)})
      ${assignmentFrom(sql`picked`, id, userId, now)}`.execute(trx);
    const taken = inserted.rows[0];
    if (!taken) return { situation: { ...row, lapsed: false }, claim: null };
    await moveLive(trx, queueId, taken.item_id, 1);
    return {
      situation: row,
      claim: { id, itemId: taken.item_id, slot: taken.slot, leaseExpiresAt: Number(taken.lease_expires_at) }
    };
  });
}

/**
 * A Next: the reviewer's next review slot in the queue, null when nothing is left for them, or why
 * the queue gives none; refused when there is no such queue (404) or `may` does not hold (403).
 */
export async function claimNext(
  db: Db,
  dialect: Dialect,
  queueId: string,
  userId: string,
  may: MayReview
): Promise<NextOutcome> {
  if (!isId(queueId)) return { ok: false, status: 404 };
  // PostgreSQL, when everything unlocked was full: look again waiting for the rows others hold,
  // then once more in a fresh snapshot. Why the third look: a statement sees the reviewer's own
  // assignments as of its start, so one that waited out their other Next press (a double click)
  // finds that press's item full and would answer "nothing left" beside the assignment it took.
  // No second look when the first statement's snapshot had no item open for the reviewer at all
  // (an exhausted queue): "nothing left" was true then, and a 204 costs one statement, not three.
  let looks = 0;
  let blind = false;
  const answer = (claim: Claim | null | NotOpen): NextOutcome => ({ ok: true, blind, claim });
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    try {
      const { situation: row, claim } =
        dialect === 'postgres'
          ? await attemptPostgres(db, queueId, userId, may, looks === 1)
          : await attemptSqlite(db, queueId, userId, may);
      if (!row) return { ok: false, status: 404 };
      if (!row.may_review) return { ok: false, status: 403 };
      blind = row.blind === 1;
      // An active assignment of this reviewer in this queue is handed back, not doubled.
      if (claim) return answer(claim);
      if (row.state === 'paused' || row.state === 'closed') return answer(row.state);
      if (row.returned) {
        const queue = { id: queueId, reviews_per_item: row.reviews_per_item, lease_ms: Number(row.lease_ms) };
        const returned = await reactivateReturned(db, dialect, queue, userId, Date.now());
        if (returned) return answer(returned);
      } else if (row.lapsed) {
        await expireLeases(db, dialect, queueId);
      } else if (dialect === 'postgres' && looks < 2 && row.open_left) {
        looks++;
      } else return answer(null);
    } catch (err) {
      if (!isRace(err) || attempt === RETRIES - 1) throw err;
      // A unique index's refusal comes once the other claim has committed (PostgreSQL waits for
      // it), so the next look, in a fresh snapshot, sees it at once: no pause. Why it happens at
      // all: a claim that locked an item just after another claim on it committed computes its
      // slot from its statement's older snapshot (about one claim in fifty under load).
      if (!isUniqueViolation(err))
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (attempt + 1)));
    }
  }
  return answer(null);
}
