/** Content labels of items and bodies (wellbeing/labels.ts). Times are epoch milliseconds. */
export type ContentLabelsTable = {
  target_kind: 'item' | 'body';
  target_id: string;
  /** 1 (least) – 3 (most graphic), or null when only tags are set. */
  severity: number | null;
  /** JSON array of tag names (model/content-labels.ts `CONTENT_TAGS`). */
  tags: string;
  updated_by: string | null;
  updated_at: number;
};

/** Describe once (wellbeing/descriptions.ts): one description per photograph or body. */
export type ContentDescriptionsTable = {
  target_kind: 'item' | 'body';
  target_id: string;
  /** What is visible. */
  visible: string;
  /** Where in the image (or on the body) it is. */
  location: string;
  severity: number;
  author_id: string | null;
  created_at: number;
  updated_by: string | null;
  updated_at: number;
};

/** A queue that requires a description of each item before its review is submitted. */
export type QueueDescriptionRulesTable = { queue_id: string; required: number };
