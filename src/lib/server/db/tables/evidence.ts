import type { Generated } from 'kysely';

/** Evidence: documents, items (one per image or page) and who viewed them. Booleans are 0/1 and times epoch milliseconds on both dialects. */
export type DocumentsTable = {
  id: string;
  collection_id: string;
  title: string;
  page_count: number;
  created_at: number;
};

export type ItemsTable = {
  id: string;
  collection_id: string;
  document_id: string | null;
  page_index: number;
  kind: 'photo' | 'document';
  status: 'processing' | 'ready';
  sha256: string;
  mime: string;
  bytes: number;
  width: number;
  height: number;
  original_name: string;
  original_path: string;
  original_mtime: number;
  /** JSON: capture time, camera, GPS when present. */
  exif: string;
  /** A user id, or `cli:<os user>` for the command line. */
  ingested_by: string;
  ingested_at: number;
  annotation_count: Generated<number>;
};

export type ItemViewsTable = {
  id: string;
  item_id: string;
  user_id: string;
  via: 'viewer' | 'original';
  at: number;
};
