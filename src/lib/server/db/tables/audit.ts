import type { Generated } from 'kysely';

/** The audit log: its hash chain, head and signed checkpoints (audit/). Booleans are 0/1 and times epoch milliseconds on both dialects. */
export type AuditLogTable = {
  seq: number;
  at: number;
  actor_id: string | null;
  action: string;
  target: string | null;
  details: string;
  ip: string | null;
  prev_hash: string;
  hash: string;
};

export type AuditHeadTable = {
  id: Generated<number>;
  seq: number;
  hash: string;
};

export type AuditCheckpointsTable = {
  seq: number;
  hash: string;
  at: number;
  key_id: string;
  signature: string;
};
