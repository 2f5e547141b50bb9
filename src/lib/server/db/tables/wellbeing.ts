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
