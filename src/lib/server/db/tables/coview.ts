import type { ColumnType } from 'kysely';

/**
 * A co-viewing session on an item or a body: one per subject (`item:<id>` | `body:<id>`), led by
 * `lead_id`, who alone sets `revealed`. Exactly one of `item_id` and `body_id` is set.
 */
export type CoviewSessionsTable = {
  subject: string;
  item_id: ColumnType<string | null, string | null | undefined, never>;
  body_id: ColumnType<string | null, string | null | undefined, never>;
  lead_id: string;
  /** 1: the lead has revealed the image(s) for everyone in the session; 0: blurred. */
  revealed: number;
  /** Epoch ms the lead's page last asked for the session: a lead gone for LEAD_GONE_MS ends it. */
  lead_seen_at: number;
};

export type CoviewParticipantsTable = {
  subject: string;
  user_id: string;
  joined_at: number;
};
