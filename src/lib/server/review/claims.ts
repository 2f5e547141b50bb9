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
 * Why so few round trips: on PostgreSQL a claim is one statement (candidate taken `FOR UPDATE SKIP
 * LOCKED` so concurrent reviewers pass each other, counter moved, assignment inserted), committed on
 * its own. A transaction held across several awaited round trips kept its locks, among them the
 * access epoch's row that every new assignment moves, for all of them, and every claim of the
 * instance queued behind it. SQLite has one writer and no network: a short transaction.
 * Candidates come from `queue_items_open` (open items only, in queue order), so a claim late in a
 * long queue does not walk past every full item from the start.
 * - a paused or closed queue hands out nothing new (review/manage.ts): the candidate must belong to
 *   an open queue in the very statement that takes it, so a claim racing a pause sees one or the
 *   other whole; an assignment already held is still handed back, and can be finished;
 * - an item a coordinator handed back (`returned`) comes first, reactivating the reviewer's own
 *   skipped assignment (the once-per-reviewer index allows no second row).
 */
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Db, Dialect } from '../db/connect.ts';
import type { AssignmentStatus, Database, QueueState } from '../db/schema.ts';
import type { QueuesTable } from '../db/tables/review.ts';
import { newId } from '../ids.ts';

export type Claim = { id: string; itemId: string; slot: number; leaseExpiresAt: number };
export type ClaimQueue = Pick<QueuesTable, 'id' | 'reviews_per_item' | 'lease_ms'>;
type NewClaim = { id: string; claimedAt: number; leaseExpiresAt: number };
/** Why a member gets nothing new: the queue is not open. */
export type NotOpen = Exclude<QueueState, 'open'>;

const LIVE: AssignmentStatus[] = ['active', 'submitted'];

const RETRIES = 8;

function isRace(err: unknown): boolean {
  const message = (err as Error).message ?? '';
  const code = (err as { code?: string }).code ?? '';
  return (
    /unique|duplicate key|SQLITE_BUSY|database is locked|could not serialize|deadlock/i.test(message) ||
    code === '40001' ||
    code === '40P01' ||
    code === '23505'
  );
}

/** Active assignments past their lease give their slot back. */
export async function expireLeases(
  trx: Transaction<Database> | Db,
  dialect: Dialect,
  queueId: string,
  now = Date.now()
): Promise<void> {
  if (dialect === 'postgres') {
    // One statement, so the sweep holds no lock across a round trip.
    await sql`with expired as (
        update assignments set status = 'expired', finished_at = ${now}
        where queue_id = ${queueId} and status = 'active' and lease_expires_at < ${now}
        returning item_id)
      update queue_items qi set live = qi.live - e.n
      from (select item_id, count(*) as n from expired group by item_id) e
      where qi.queue_id = ${queueId} and qi.item_id = e.item_id`.execute(trx);
    return;
  }
  const expired = await trx
    .updateTable('assignments')
    .set({ status: 'expired', finished_at: now })
    .where('queue_id', '=', queueId)
    .where('status', '=', 'active')
    .where('lease_expires_at', '<', now)
    .returning('item_id')
    .execute();
  for (const { item_id } of expired) await moveLive(trx, queueId, item_id, -1);
}

async function moveLive(trx: Transaction<Database> | Db, queueId: string, itemId: string, by: 1 | -1) {
  await trx
    .updateTable('queue_items')
    .set((eb) => ({ live: eb('live', '+', by) }))
    .where('queue_id', '=', queueId)
    .where('item_id', '=', itemId)
    .execute();
}

/** The reviewer's active assignment in the queue whose lease still runs, if any. */
async function openAssignment(
  trx: Transaction<Database> | Db,
  queueId: string,
  userId: string,
  now: number
): Promise<Claim | null> {
  const open = await trx
    .selectFrom('assignments')
    .select(['id', 'item_id', 'slot', 'lease_expires_at'])
    .where('queue_id', '=', queueId)
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .where('lease_expires_at', '>', now)
    .executeTakeFirst();
  return open
    ? { id: open.id, itemId: open.item_id, slot: open.slot, leaseExpiresAt: Number(open.lease_expires_at) }
    : null;
}

/** The first free review slot of an item (1 … reviews), or undefined when every one is live. */
async function freeSlot(trx: Transaction<Database>, queueId: string, itemId: string, reviews: number) {
  const taken = await trx
    .selectFrom('assignments')
    .select('slot')
    .where('queue_id', '=', queueId)
    .where('item_id', '=', itemId)
    .where('status', 'in', LIVE)
    .execute();
  const used = new Set(taken.map((t) => t.slot));
  return Array.from({ length: reviews }, (_, i) => i + 1).find((s) => !used.has(s));
}

/**
 * Reactivates the reviewer's oldest handed-back assignment that still has a free slot, in an open
 * queue. One whose item filled up meanwhile goes back to `skipped`: nothing is left there for this
 * reviewer. Rare (a coordinator's hand-back), so a transaction of several statements is fine here.
 */
async function reactivateReturned(
  db: Db,
  queue: ClaimQueue,
  userId: string,
  now: number
): Promise<Claim | null> {
  return db.transaction().execute(async (trx) => {
    const state = await queueState(trx, queue.id);
    if (state !== 'open') return null;
    const returned = await trx
      .selectFrom('assignments')
      .select(['id', 'item_id'])
      .where('queue_id', '=', queue.id)
      .where('user_id', '=', userId)
      .where('status', '=', 'returned')
      .orderBy('finished_at')
      .execute();
    for (const row of returned) {
      const slot = await freeSlot(trx, queue.id, row.item_id, queue.reviews_per_item);
      if (slot === undefined) {
        await trx.updateTable('assignments').set({ status: 'skipped' }).where('id', '=', row.id).execute();
        continue;
      }
      const claim: Claim = {
        id: row.id,
        itemId: row.item_id,
        slot,
        leaseExpiresAt: now + Number(queue.lease_ms)
      };
      // Only while still returned: two Next presses at once both read it above.
      const { numUpdatedRows } = await trx
        .updateTable('assignments')
        .set({
          status: 'active',
          slot,
          reason: null,
          claimed_at: now,
          lease_expires_at: claim.leaseExpiresAt,
          finished_at: null
        })
        .where('id', '=', row.id)
        .where('status', '=', 'returned')
        .executeTakeFirst();
      if (Number(numUpdatedRows) === 0) continue;
      await moveLive(trx, queue.id, row.item_id, 1);
      return claim;
    }
    return null;
  });
}

/**
 * In one round trip: the reviewer's open assignment in the queue, and whether a coordinator handed
 * one back to them.
 */
async function ownWork(db: Db, queueId: string, userId: string, now: number) {
  const rows = await db
    .selectFrom('assignments')
    .select(['id', 'item_id', 'slot', 'status', 'lease_expires_at'])
    .where('queue_id', '=', queueId)
    .where('user_id', '=', userId)
    .where('status', 'in', ['active', 'returned'])
    .execute();
  const active = rows.find((r) => r.status === 'active' && Number(r.lease_expires_at) > now);
  const open: Claim | null = active
    ? {
        id: active.id,
        itemId: active.item_id,
        slot: active.slot,
        leaseExpiresAt: Number(active.lease_expires_at)
      }
    : null;
  return { open, returned: rows.some((r) => r.status === 'returned') };
}

async function queueState(trx: Transaction<Database> | Db, queueId: string): Promise<QueueState | null> {
  const row = await trx.selectFrom('queues').select('state').where('id', '=', queueId).executeTakeFirst();
  return row?.state ?? null;
}

/** The first open item in queue order this reviewer has not had (`qi.live < qi.slots` picks the partial index). */
function candidate(queueId: string, userId: string, lock: RawBuilder<unknown>) {
  return sql`select qi.queue_id, qi.item_id from queue_items qi
    where qi.queue_id = ${queueId} and qi.live < qi.slots
      and exists (select 1 from queues q where q.id = qi.queue_id and q.state = 'open')
      and not exists (select 1 from assignments a where a.queue_id = qi.queue_id and a.item_id = qi.item_id and a.user_id = ${userId})
    order by qi.position
    limit 1
    ${lock}`;
}

/**
 * The new assignment, from `source` (rows with `item_id`), in the lowest slot not held live.
 * Casts: PostgreSQL types an INSERT … SELECT's parameters from the select, not from the columns.
 */
function assignmentFrom(source: RawBuilder<unknown>, queueId: string, userId: string, claim: NewClaim) {
  return sql`insert into assignments
      (id, queue_id, item_id, user_id, slot, status, reason, claimed_at, lease_expires_at, finished_at)
    select cast(${claim.id} as text), cast(${queueId} as text), c.item_id, cast(${userId} as text),
      (select min(n.s) from slot_numbers n where n.s not in (select l.slot from assignments l
        where l.queue_id = c.queue_id and l.item_id = c.item_id and l.status in ('active', 'submitted'))),
      'active', cast(null as text), cast(${claim.claimedAt} as bigint), cast(${claim.leaseExpiresAt} as bigint),
      cast(null as bigint)
    from ${source} c
    returning item_id, slot`;
}

const slotNumbers = (queue: ClaimQueue) =>
  sql`slot_numbers(s) as (select 1 union all select s + 1 from slot_numbers where s < ${queue.reviews_per_item})`;

async function claimOnce(
  db: Db,
  dialect: Dialect,
  queue: ClaimQueue,
  userId: string,
  skipLocked: boolean
): Promise<Claim | null | 'full'> {
  const now = Date.now();
  const claim: NewClaim = { id: newId(), claimedAt: now, leaseExpiresAt: now + Number(queue.lease_ms) };
  if (dialect === 'postgres') {
    await expireLeases(db, dialect, queue.id, now);
    const lock = skipLocked ? sql`for update of qi skip locked` : sql`for update of qi`;
    const { rows } = await sql<{ item_id: string; slot: number }>`with recursive ${slotNumbers(queue)},
      picked as (${candidate(queue.id, userId, lock)}),
      bumped as (update queue_items qi set live = qi.live + 1 from picked
        where qi.queue_id = ${queue.id} and qi.item_id = picked.item_id returning qi.queue_id, qi.item_id)
      ${assignmentFrom(sql`bumped`, queue.id, userId, claim)}`.execute(db);
    const row = rows[0];
    if (!row) return skipLocked ? 'full' : null;
    return { id: claim.id, leaseExpiresAt: claim.leaseExpiresAt, itemId: row.item_id, slot: row.slot };
  }
  return db.transaction().execute(async (trx) => {
    // Looked for again in here: SQLite runs one transaction at a time, so this answer holds.
    const open = await openAssignment(trx, queue.id, userId, now);
    if (open) return open;
    await expireLeases(trx, dialect, queue.id, now);
    const { rows } = await sql<{ item_id: string; slot: number }>`with recursive ${slotNumbers(queue)},
      picked as (${candidate(queue.id, userId, sql``)})
      ${assignmentFrom(sql`picked`, queue.id, userId, claim)}`.execute(trx);
    const row = rows[0];
    if (!row) return null;
    await moveLive(trx, queue.id, row.item_id, 1);
    return { id: claim.id, leaseExpiresAt: claim.leaseExpiresAt, itemId: row.item_id, slot: row.slot };
  });
}

/** The reviewer's next review slot, null when nothing is left for them, or why the queue gives none. */
export async function claimNext(
  db: Db,
  dialect: Dialect,
  queue: ClaimQueue,
  userId: string
): Promise<Claim | null | NotOpen> {
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    try {
      // An active assignment of this reviewer in this queue is handed back, not doubled.
      const { open, returned: handedBack } = await ownWork(db, queue.id, userId, Date.now());
      if (open) return open;
      if (handedBack) {
        const returned = await reactivateReturned(db, queue, userId, Date.now());
        if (returned) return returned;
      }
      let result = await claimOnce(db, dialect, queue, userId, true);
      // Everything unlocked was full: look once more, waiting for the rows others hold.
      if (result === 'full') result = await claimOnce(db, dialect, queue, userId, false);
      if (result !== null && result !== 'full') return result;
      // Nothing taken: say why when the queue is not open (the candidate asked for an open one).
      const state = await queueState(db, queue.id);
      return state === 'paused' || state === 'closed' ? state : null;
    } catch (err) {
      if (!isRace(err) || attempt === RETRIES - 1) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (attempt + 1)));
    }
  }
  return null;
}
