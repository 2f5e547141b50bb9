import type { ColumnType, Generated } from 'kysely';

/** Review queues: queues, their members and items, and assignments. Booleans are 0/1 and times epoch milliseconds on both dialects. */
export type QueuesTable = {
  id: string;
  collection_id: string;
  name: string;
  task: 'annotate' | 'transcribe' | 'verify';
  reviews_per_item: number;
  blind: number;
  due_at: number | null;
  content_note: string;
  lease_ms: number;
  /** 1: a reviewer of an item may not adjudicate it (0: they are warned). */
  forbid_self_adjudication: number;
  created_by: string | null;
  created_at: number;
  /** 'open' hands out work; 'paused' and 'closed' give no new claims (review/manage.ts). */
  state: Generated<QueueState>;
  /** Items of this severity or above are revealed only together (wellbeing/coview-rule.ts); null: never. */
  coview_from_severity: ColumnType<number | null, number | null | undefined, number | null>;
};

export type QueueState = 'open' | 'paused' | 'closed';

export type QueueMembersTable = { queue_id: string; user_id: string };

export type QueueItemsTable = {
  queue_id: string;
  item_id: string;
  position: number;
  /** Live (active or submitted) assignments of this item: a hint for claims, not the guard. */
  live: Generated<number>;
  /** Submitted reviews of this item. */
  done: Generated<number>;
  /** Reviews the item needs (its queue's reviews_per_item, set by a trigger on insert); open while live < slots. */
  slots: Generated<number>;
  /** 1 once every group of the item's review findings is decided (no longer ready to adjudicate). */
  adjudicated: Generated<number>;
};

/** `returned`: a skipped item a coordinator handed back; the reviewer's next claim reactivates it. */
export type AssignmentStatus =
  'active' | 'submitted' | 'skipped' | 'flagged' | 'released' | 'expired' | 'returned';

export type AssignmentsTable = {
  id: string;
  queue_id: string;
  item_id: string;
  user_id: string;
  slot: number;
  status: AssignmentStatus;
  reason: string | null;
  claimed_at: number;
  lease_expires_at: number;
  finished_at: number | null;
};
