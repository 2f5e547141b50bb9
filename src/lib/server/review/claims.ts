/**
 * Handing out work. `claimNext` gives a reviewer one review slot of one item, atomically:
 * - no two reviewers ever hold the same slot: a unique index over live assignments
 *   (queue, item, slot) refuses the second, whatever the engine or the number of instances;
 * - a reviewer never gets the same item twice in one queue: a unique index (queue, item, user);
 * - leases expire: an active assignment past its lease returns its slot to the pool.
 * On PostgreSQL the candidate row is taken `FOR UPDATE SKIP LOCKED`, so concurrent reviewers pass
 * each other instead of queueing; SQLite has one writer, which the first statement (an UPDATE)
 * takes. A lost race on the unique indexes is retried.
 * - a paused or closed queue hands out nothing new (review/manage.ts); an assignment already held
 *   is still handed back, and can be finished;
 * - an item a coordinator handed back (`returned`) comes first, reactivating the reviewer's own
 *   skipped assignment (the once-per-reviewer index allows no second row).
 */
import { sql, type Transaction } from 'kysely';
import type { Db, Dialect } from '../db/connect.ts';
import type { AssignmentStatus, Database, QueueState } from '../db/schema.ts';
import { newId } from '../ids.ts';

export type Claim = { id: string; itemId: string; slot: number; leaseExpiresAt: number };
/** Why a member gets nothing new: the queue is not open. */
export type NotOpen = Exclude<QueueState, 'open'>;

const RETRIES = 8;
const LIVE: AssignmentStatus[] = ['active', 'submitted'];

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
  queueId: string,
  now = Date.now()
): Promise<number> {
  const expired = await trx
    .updateTable('assignments')
    .set({ status: 'expired', finished_at: now })
    .where('queue_id', '=', queueId)
    .where('status', '=', 'active')
    .where('lease_expires_at', '<', now)
    .returning('item_id')
    .execute();
  for (const { item_id } of expired) {
    await trx
      .updateTable('queue_items')
      .set((eb) => ({ live: eb('live', '-', 1) }))
      .where('queue_id', '=', queueId)
      .where('item_id', '=', item_id)
      .execute();
  }
  return expired.length;
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

async function findCandidate(
  trx: Transaction<Database>,
  dialect: Dialect,
  queueId: string,
  userId: string,
  reviews: number,
  skipLocked: boolean
) {
  const lock =
    dialect === 'postgres' ? (skipLocked ? sql`for update of qi skip locked` : sql`for update of qi`) : sql``;
  const { rows } = await sql<{ item_id: string }>`
    select qi.item_id from queue_items qi
    where qi.queue_id = ${queueId} and qi.live < ${reviews}
      and not exists (select 1 from assignments a where a.queue_id = qi.queue_id and a.item_id = qi.item_id and a.user_id = ${userId})
    order by qi.position
    limit 1
    ${lock}`.execute(trx);
  return rows[0]?.item_id ?? null;
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
 * Reactivates the reviewer's oldest handed-back assignment that still has a free slot. One whose
 * item filled up meanwhile goes back to `skipped`: nothing is left there for this reviewer.
 */
async function reactivateReturned(
  trx: Transaction<Database>,
  queueId: string,
  userId: string,
  queue: { reviews_per_item: number; lease_ms: number },
  now: number
): Promise<Claim | null> {
  const returned = await trx
    .selectFrom('assignments')
    .select(['id', 'item_id'])
    .where('queue_id', '=', queueId)
    .where('user_id', '=', userId)
    .where('status', '=', 'returned')
    .orderBy('finished_at')
    .execute();
  for (const row of returned) {
    const slot = await freeSlot(trx, queueId, row.item_id, queue.reviews_per_item);
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
    await trx
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
      .execute();
    await trx
      .updateTable('queue_items')
      .set((eb) => ({ live: eb('live', '+', 1) }))
      .where('queue_id', '=', queueId)
      .where('item_id', '=', row.item_id)
      .execute();
    return claim;
  }
  return null;
}

async function claimOnce(
  db: Db,
  dialect: Dialect,
  queueId: string,
  userId: string,
  skipLocked: boolean
): Promise<Claim | null | 'full' | NotOpen> {
  return db.transaction().execute(async (trx) => {
    const now = Date.now();
    // One reviewer's claims go one at a time, and their open assignment is looked for again in
    // here: two Next presses at once (a double click) both found none before, then passed each
    // other's locked rows and took two items. PostgreSQL locks the member row; SQLite runs one
    // transaction at a time.
    if (dialect === 'postgres')
      await sql`select user_id from queue_members where queue_id = ${queueId} and user_id = ${userId} for update`.execute(
        trx
      );
    const open = await openAssignment(trx, queueId, userId, now);
    if (open) return open;
    await expireLeases(trx, queueId, now);
    const queue = await trx
      .selectFrom('queues')
      .select(['reviews_per_item', 'lease_ms', 'state'])
      .where('id', '=', queueId)
      .executeTakeFirst();
    if (!queue) return null;
    // Read in the claim's own transaction, so a claim racing a pause sees one or the other whole.
    if (queue.state !== 'open') return queue.state;
    const returned = await reactivateReturned(trx, queueId, userId, queue, now);
    if (returned) return returned;
    const itemId = await findCandidate(trx, dialect, queueId, userId, queue.reviews_per_item, skipLocked);
    if (!itemId) return skipLocked && dialect === 'postgres' ? 'full' : null;
    const slot = await freeSlot(trx, queueId, itemId, queue.reviews_per_item);
    if (slot === undefined) throw Object.assign(new Error('slot race: unique'), { code: '23505' });
    const claim: Claim = { id: newId(), itemId, slot, leaseExpiresAt: now + Number(queue.lease_ms) };
    await trx
      .insertInto('assignments')
      .values({
        id: claim.id,
        queue_id: queueId,
        item_id: itemId,
        user_id: userId,
        slot,
        status: 'active',
        reason: null,
        claimed_at: now,
        lease_expires_at: claim.leaseExpiresAt,
        finished_at: null
      })
      .execute();
    await trx
      .updateTable('queue_items')
      .set((eb) => ({ live: eb('live', '+', 1) }))
      .where('queue_id', '=', queueId)
      .where('item_id', '=', itemId)
      .execute();
    return claim;
  });
}

/** The reviewer's next review slot, null when nothing is left for them, or why the queue gives none. */
export async function claimNext(
  db: Db,
  dialect: Dialect,
  queueId: string,
  userId: string
): Promise<Claim | null | NotOpen> {
  for (let attempt = 0; attempt < RETRIES; attempt++) {
    try {
      // An active assignment of this reviewer in this queue is handed back, not doubled.
      const open = await openAssignment(db, queueId, userId, Date.now());
      if (open) return open;
      let result = await claimOnce(db, dialect, queueId, userId, true);
      // Everything unlocked was full: look once more, waiting for the rows others hold.
      if (result === 'full') result = await claimOnce(db, dialect, queueId, userId, false);
      return result === 'full' ? null : result;
    } catch (err) {
      if (!isRace(err) || attempt === RETRIES - 1) throw err;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (attempt + 1)));
    }
  }
  return null;
}

export type Ending = 'submitted' | 'skipped' | 'flagged' | 'released';

/** Ends the user's own active assignment; skipped, flagged and released slots return to the pool. */
export async function finishAssignment(
  db: Db,
  assignmentId: string,
  userId: string,
  ending: Ending,
  reason: string | null
): Promise<{ ok: true; queueId: string; itemId: string } | { ok: false; status: 404 | 409 }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('assignments')
      .selectAll()
      .where('id', '=', assignmentId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (!row) return { ok: false, status: 404 } as const;
    if (row.status !== 'active') return { ok: false, status: 409 } as const;
    const now = Date.now();
    // Only while still active: on PostgreSQL two finishes at once (a double click, submit racing
    // skip, or the lease sweep) all read the row as active above; without the condition each one
    // changed it and moved the item's counters again (one review counted twice as done).
    const { numUpdatedRows } = await trx
      .updateTable('assignments')
      .set({ status: ending, reason, finished_at: now })
      .where('id', '=', assignmentId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (Number(numUpdatedRows) === 0) return { ok: false, status: 409 } as const;
    // A submitted review keeps its slot; anything else (skip, flag, release) gives it back.
    await trx
      .updateTable('queue_items')
      .set(ending === 'submitted' ? { done: sql<number>`done + 1` } : { live: sql<number>`live - 1` })
      .where('queue_id', '=', row.queue_id)
      .where('item_id', '=', row.item_id)
      .execute();
    return { ok: true, queueId: row.queue_id, itemId: row.item_id } as const;
  });
}

/** Keeps a lease alive while the reviewer works. */
export async function renewLease(db: Db, assignmentId: string, userId: string): Promise<number | null> {
  const row = await db
    .selectFrom('assignments as a')
    .innerJoin('queues as q', 'q.id', 'a.queue_id')
    .select(['a.status', 'a.lease_expires_at', 'q.lease_ms'])
    .where('a.id', '=', assignmentId)
    .where('a.user_id', '=', userId)
    .executeTakeFirst();
  const now = Date.now();
  if (!row || row.status !== 'active' || Number(row.lease_expires_at) < now) return null;
  const until = now + Number(row.lease_ms);
  // Only a lease that still runs: a renew racing the sweep (or a finish) must not answer 200 for
  // an assignment that ended between the read above and this write.
  const { numUpdatedRows } = await db
    .updateTable('assignments')
    .set({ lease_expires_at: until })
    .where('id', '=', assignmentId)
    .where('status', '=', 'active')
    .where('lease_expires_at', '>=', now)
    .executeTakeFirst();
  return Number(numUpdatedRows) === 1 ? until : null;
}
