/**
 * Append-only audit log with a SHA-256 hash chain.
 *
 * Invariants:
 * - Row `seq` n (1, 2, 3 …) stores `prev_hash` = hash of row n-1 (64 zeros for row 1) and
 *   `hash` = SHA-256(prev_hash ‖ canonical content of row n). Altering, removing or reordering any
 *   row breaks the chain at that row; truncating the tail is caught by `audit_head`, which holds the
 *   last seq and hash.
 * - Appends first take the write lock on `audit_head` (an UPDATE), then read the head: two writers
 *   (two requests, or the server and the CLI) can never both chain onto the same previous row.
 * - Rows are never updated or deleted by the application.
 */
import type { Transaction } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { AuditRow, Database } from '../db/schema.ts';
import { sha256Hex } from '../ids.ts';

export const GENESIS_HASH = '0'.repeat(64);

export type AuditEntry = {
  actorId: string | null;
  action: string;
  target?: string | null;
  details?: Record<string, unknown>;
  ip?: string | null;
};

type Executor = Db | Transaction<Database>;

export function hashAuditRow(row: Omit<AuditRow, 'hash'>): string {
  const content = JSON.stringify([
    row.seq,
    row.at,
    row.actor_id,
    row.action,
    row.target,
    row.details,
    row.ip
  ]);
  return sha256Hex(`${row.prev_hash}\n${content}`);
}

/** Appends the entries, in order, inside `trx`. */
async function appendIn(trx: Transaction<Database>, entries: AuditEntry[]): Promise<AuditRow[]> {
  // Lock first (see header): a no-op UPDATE takes SQLite's write lock / PostgreSQL's row lock, and
  // returns the head as it stands under that lock.
  const head = await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb.ref('seq') }))
    .where('id', '=', 1)
    .returning(['seq', 'hash'])
    .executeTakeFirstOrThrow();
  const rows: AuditRow[] = [];
  let prev = { seq: Number(head.seq), hash: head.hash };
  for (const entry of entries) {
    const partial = {
      seq: prev.seq + 1,
      at: Date.now(),
      actor_id: entry.actorId,
      action: entry.action,
      target: entry.target ?? null,
      details: JSON.stringify(entry.details ?? {}),
      ip: entry.ip ?? null,
      prev_hash: prev.hash
    };
    const row: AuditRow = { ...partial, hash: hashAuditRow(partial) };
    rows.push(row);
    prev = row;
  }
  await trx.insertInto('audit_log').values(rows).execute();
  await trx.updateTable('audit_head').set({ seq: prev.seq, hash: prev.hash }).where('id', '=', 1).execute();
  return rows;
}

type Waiting = { entry: AuditEntry; resolve(row: AuditRow): void; reject(err: unknown): void };
/** Rows at most per appending transaction (one multi-row insert). */
const BATCH = 100;
const queues = new WeakMap<Db, { waiting: Waiting[]; draining: boolean }>();

/**
 * Appends arriving while an append runs go together in the next transaction. Why: every append
 * holds the head's lock until it commits, so appends at once each held a pooled connection while
 * they waited for it, and everything else (claims, pages) waited for a connection. Now one
 * connection per process waits, and one transaction appends many rows. A failed batch is retried
 * row by row, so one bad entry fails only its own caller.
 */
async function drain(db: Db, queue: { waiting: Waiting[]; draining: boolean }): Promise<void> {
  queue.draining = true;
  while (queue.waiting.length > 0) {
    const taken = queue.waiting.splice(0, BATCH);
    try {
      const rows = await db.transaction().execute((trx) =>
        appendIn(
          trx,
          taken.map((t) => t.entry)
        )
      );
      taken.forEach((t, i) => t.resolve(rows[i]!));
    } catch (err) {
      if (taken.length === 1) taken[0]!.reject(err);
      else
        for (const t of taken)
          await db
            .transaction()
            .execute((trx) => appendIn(trx, [t.entry]))
            .then(([row]) => t.resolve(row!), t.reject);
    }
  }
  queue.draining = false;
}

/** Appends one row. Pass a transaction to make the row part of the change it records. */
export async function audit(executor: Executor, entry: AuditEntry): Promise<AuditRow> {
  if (executor.isTransaction) return (await appendIn(executor as Transaction<Database>, [entry]))[0]!;
  const db = executor as Db;
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = { waiting: [], draining: false }));
  const row = new Promise<AuditRow>((resolve, reject) => queue.waiting.push({ entry, resolve, reject }));
  if (!queue.draining) void drain(db, queue);
  return row;
}

export type AuditVerdict = { ok: true; rows: number } | { ok: false; seq: number; problem: string };

/** Walks the whole chain in order; names the first row that does not hold. */
export async function verifyAuditLog(db: Db, batchSize = 5000): Promise<AuditVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>=', expectedSeq)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    for (const raw of rows) {
      const row = { ...raw, seq: Number(raw.seq), at: Number(raw.at) };
      if (row.seq !== expectedSeq)
        return { ok: false, seq: expectedSeq, problem: `row ${expectedSeq} is missing` };
      if (row.prev_hash !== prevHash)
        return {
          ok: false,
          seq: row.seq,
          problem: `row ${row.seq} does not follow row ${row.seq - 1} (removed or reordered)`
        };
      if (hashAuditRow(row) !== row.hash)
        return {
          ok: false,
          seq: row.seq,
          problem: `row ${row.seq} was altered (its hash does not match its content)`
        };
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < batchSize) break;
  }
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const lastSeq = expectedSeq - 1;
  if (!head) return { ok: false, seq: lastSeq + 1, problem: 'the chain head is missing' };
  if (Number(head.seq) !== lastSeq || head.hash !== prevHash)
    return {
      ok: false,
      seq: lastSeq + 1,
      problem: `rows after ${lastSeq} are missing (the head records ${head.seq})`
    };
  return { ok: true, rows: lastSeq };
}

export async function recentAudit(db: Db, limit = 100): Promise<AuditRow[]> {
  return db.selectFrom('audit_log').selectAll().orderBy('seq', 'desc').limit(limit).execute();
}
