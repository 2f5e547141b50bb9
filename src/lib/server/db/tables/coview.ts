/** A co-viewing session on an item: one per item, led by `lead_id`, who alone sets `revealed`. */
export type CoviewSessionsTable = {
  item_id: string;
  lead_id: string;
  /** 1: the lead has revealed the image for everyone in the session; 0: blurred. */
  revealed: number;
  /** Epoch ms the lead's page last asked for the session: a lead gone for LEAD_GONE_MS ends it. */
  lead_seen_at: number;
};

export type CoviewParticipantsTable = {
  item_id: string;
  user_id: string;
  joined_at: number;
};
