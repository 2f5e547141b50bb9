/**
 * Signed checkpoints of the audit chain's head, so that a rewrite of the log is detected even by
 * someone who re-chains every row with the published formula.
 *
 * Invariants:
 * - A checkpoint signs (seq, hash, at, keyId) of the head with the instance key, which lives outside
 *   the database (keys/instance-key.ts). Rewriting any row at or before a checkpoint's seq changes the
 *   hash of that seq, which no longer matches the signed one.
 * - Each checkpoint is kept twice: in the database (`audit_checkpoints`) and appended to
 *   `DATA_DIR/audit/checkpoints.jsonl`, so deleting the database rows does not remove it; anyone may
 *   also keep exported copies (`athar audit verify --checkpoints FILE`).
 * - What it does not prove: rows after the last checkpoint rely on the chain alone, and whoever can
 *   read the private key can sign a rewritten head. The README says so.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/connect.ts';
import type { InstanceKey } from '../keys/instance-key.ts';

export type Checkpoint = { v: 1; seq: number; hash: string; at: number; keyId: string; signature: string };

export function checkpointFile(dataDir: string): string {
  return path.join(dataDir, 'audit', 'checkpoints.jsonl');
}

export function checkpointMessage(c: Omit<Checkpoint, 'signature'>): string {
  return `athar audit checkpoint v${c.v}\n${c.seq}\n${c.hash}\n${c.at}\n${c.keyId}`;
}

/** Signs the current head (nothing when the log is empty or the head is already signed). */
export async function createCheckpoint(
  db: Db,
  key: InstanceKey,
  dataDir: string
): Promise<Checkpoint | null> {
  const head = await db
    .selectFrom('audit_head')
    .select(['seq', 'hash'])
    .where('id', '=', 1)
    .executeTakeFirst();
  const seq = Number(head?.seq ?? 0);
  if (!head || seq === 0) return null;
  const unsigned = { v: 1 as const, seq, hash: head.hash, at: Date.now(), keyId: key.keyId };
  const checkpoint: Checkpoint = { ...unsigned, signature: key.sign(checkpointMessage(unsigned)) };
  const inserted = await db
    .insertInto('audit_checkpoints')
    .values({ seq, hash: head.hash, at: unsigned.at, key_id: key.keyId, signature: checkpoint.signature })
    .onConflict((oc) => oc.columns(['seq', 'key_id']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) return null; // this head is signed already
  const file = checkpointFile(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // One O_APPEND write per line: lines from the server and a CLI command never interleave.
  fs.appendFileSync(file, `${JSON.stringify(checkpoint)}\n`);
  return checkpoint;
}

function parseLine(line: string): Checkpoint | null {
  try {
    const c = JSON.parse(line) as Checkpoint;
    const ok =
      c.v === 1 &&
      Number.isSafeInteger(c.seq) &&
      Number.isSafeInteger(c.at) &&
      [c.hash, c.keyId, c.signature].every((s) => typeof s === 'string');
    return ok ? c : null;
  } catch {
    return null;
  }
}

/** Every checkpoint known: the database's, the data directory's file, and any exported files. */
export async function readCheckpoints(db: Db, dataDir: string, files: string[] = []): Promise<Checkpoint[]> {
  const rows = await db.selectFrom('audit_checkpoints').selectAll().execute();
  const all: Checkpoint[] = rows.map((r) => ({
    v: 1,
    seq: Number(r.seq),
    hash: r.hash,
    at: Number(r.at),
    keyId: r.key_id,
    signature: r.signature
  }));
  for (const file of [checkpointFile(dataDir), ...files]) {
    if (!fs.existsSync(file)) continue;
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      const c = line.trim() ? parseLine(line) : null;
      if (c) all.push(c);
    }
  }
  const unique = new Map(all.map((c) => [JSON.stringify([c.seq, c.hash, c.at, c.keyId, c.signature]), c]));
  return [...unique.values()].sort((a, b) => a.seq - b.seq || a.at - b.at);
}

/** Signs the head now and then; returns the function that stops it (signing once more). */
export function startCheckpoints(db: Db, key: InstanceKey, dataDir: string, intervalMs: number) {
  const sign = () =>
    createCheckpoint(db, key, dataDir).catch((err: unknown) =>
      console.error('[athar] audit checkpoint failed:', err instanceof Error ? err.message : err)
    );
  let running = sign();
  const timer = setInterval(() => (running = running.then(sign)), intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running.then(sign);
  };
}
