import type { Generated } from 'kysely';

/** Real-time documents: the update log, snapshots, and the projections derived from them. Booleans are 0/1 and times epoch milliseconds on both dialects. */
export type CollabUpdatesTable = {
  id: Generated<number>;
  room: string;
  user_id: string | null;
  at: number;
  data: Uint8Array;
  /** SHA-256 of `data`: with several instances, the same update is offered twice and kept once. */
  digest: string | null;
};

export type CollabSnapshotsTable = {
  room: string;
  up_to: number;
  at: number;
  data: Uint8Array;
};

export type AnnotationsTable = {
  room: string;
  id: string;
  item_id: string;
  /** W3C selector JSON. */
  target: string;
  /** The finding's fields as JSON. */
  finding: string;
  lesion_type: string | null;
  body_region: string | null;
  consistency: string | null;
  created_by: string | null;
  created_at: number | null;
  updated_by: string | null;
  updated_at: number | null;
  /** Who deleted the finding (a tombstone), null while it stands. */
  deleted_by: string | null;
  /** The finding's words for search (`search/finding-text.ts`); null if projected before it existed. */
  search_text: string | null;
};

export type SearchDocumentsTable = {
  item_id: string;
  collection_id: string;
  document_id: string | null;
  /** The page's text as written. */
  raw: string;
  /** The same text normalised for search (src/lib/model/normalise.ts). */
  body: string;
  updated_at: number;
};

export type PageStatusTable = {
  item_id: string;
  status: 'in_progress' | 'needs_review' | 'approved';
  submitted_by: string | null;
  approved_by: string | null;
  updated_by: string | null;
  updated_at: number;
};

export type PageVersionsTable = {
  id: string;
  item_id: string;
  at: number;
  reason: 'activity' | 'status' | 'restore';
  /** JSON array of user ids who changed the page since the previous version. */
  authors: string;
  text: string;
  state: Uint8Array;
  /** For a status change: the status the page entered, and who moved it there (null: the server). */
  status: string | null;
  changed_by: string | null;
};

/** A room upgraded to a document schema version (the claim behind its one audit row). */
export type SchemaUpgradesTable = {
  room: string;
  version: number;
  at: number;
};
