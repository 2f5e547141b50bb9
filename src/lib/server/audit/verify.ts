/**
 * `athar audit verify`: the hash chain (log.ts), then every signed checkpoint against it. A chain
 * re-computed after a rewrite passes the first walk but not the checkpoints; the verdict then names
 * the first row after the last checkpoint that still holds.
 */
import type { Db } from '../db/connect.ts';
import type { InstanceKey } from '../keys/instance-key.ts';
import { verifyAuditLog } from './log.ts';
import { checkpointMessage, type Checkpoint } from './checkpoints.ts';

export type AnchoredVerdict =
  | { ok: true; rows: number; checkpoints: number; anchoredTo: Checkpoint | null }
  | { ok: false; seq: number; problem: string };

const when = (c: Checkpoint) => new Date(c.at).toISOString();

/** A checkpoint that does not hold: what is proven ends at the last one before it that does. */
function unanchored(lastGood: Checkpoint | null, problem: string): AnchoredVerdict {
  const proven = lastGood ? `; rows up to ${lastGood.seq} match the checkpoint of ${when(lastGood)}` : '';
  return { ok: false, seq: (lastGood?.seq ?? 0) + 1, problem: problem + proven };
}

export async function verifyAnchoredAuditLog(
  db: Db,
  key: Pick<InstanceKey, 'keyId' | 'verify'>,
  checkpoints: Checkpoint[]
): Promise<AnchoredVerdict> {
  for (const c of checkpoints) {
    if (c.keyId !== key.keyId || !key.verify(checkpointMessage(c), c.signature))
      return {
        ok: false,
        seq: c.seq,
        problem: `the checkpoint of row ${c.seq} (${when(c)}) has no valid signature of this instance's key`
      };
  }
  const chain = await verifyAuditLog(db);
  // Rows 1..verified follow each other; their stored hashes are the recomputed ones.
  const verified = chain.ok ? chain.rows : chain.seq - 1;
  const inReach = checkpoints.filter((c) => c.seq <= verified);
  const seqs = [...new Set(inReach.map((c) => c.seq))];
  const stored = new Map<number, string>();
  for (let i = 0; i < seqs.length; i += 500) {
    const rows = await db
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .where('seq', 'in', seqs.slice(i, i + 500))
      .execute();
    for (const r of rows) stored.set(Number(r.seq), r.hash);
  }
  let lastGood: Checkpoint | null = null;
  for (const c of inReach) {
    if (stored.get(c.seq) !== c.hash)
      return unanchored(
        lastGood,
        `the log was rewritten: row ${c.seq} no longer has the hash signed at ${when(c)}`
      );
    lastGood = c;
  }
  if (!chain.ok) {
    const anchor = lastGood ? ` (rows up to ${lastGood.seq} match the checkpoint of ${when(lastGood)})` : '';
    return { ok: false, seq: chain.seq, problem: chain.problem + anchor };
  }
  const beyond = checkpoints.find((c) => c.seq > chain.rows);
  if (beyond)
    return unanchored(
      lastGood,
      `rows are missing: a checkpoint signed at ${when(beyond)} records row ${beyond.seq}, the log ends at row ${chain.rows}`
    );
  return { ok: true, rows: chain.rows, checkpoints: checkpoints.length, anchoredTo: lastGood };
}
