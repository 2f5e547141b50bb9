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

async function appendIn(trx: Transaction<Database>, entry: AuditEntry): Promise<AuditRow> {
  // Lock first (see header): a no-op UPDATE takes SQLite's write lock / PostgreSQL's row lock.
  await trx
    .updateTable('audit_head')
    .set((eb) => ({ seq: eb.ref('seq') }))
    .where('id', '=', 1)
    .execute();
  const head = await trx
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const partial = {
    seq: Number(head.seq) + 1,
    at: Date.now(),
    actor_id: entry.actorId,
    action: entry.action,
    target: entry.target ?? null,
    details: JSON.stringify(entry.details ?? {}),
    ip: entry.ip ?? null,
    prev_hash: head.hash
  };
  const row: AuditRow = { ...partial, hash: hashAuditRow(partial) };
  await trx.insertInto('audit_log').values(row).execute();
  await trx.updateTable('audit_head').set({ seq: row.seq, hash: row.hash }).where('id', '=', 1).execute();
  return row;
}

/** Appends one row. Pass a transaction to make the row part of the change it records. */
export function audit(executor: Executor, entry: AuditEntry): Promise<AuditRow> {
  return executor.isTransaction
    ? appendIn(executor as Transaction<Database>, entry)
    : executor.transaction().execute((trx) => appendIn(trx, entry));
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
