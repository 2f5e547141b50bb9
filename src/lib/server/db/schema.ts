import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * Row types. Booleans are integers (0/1) and times are epoch milliseconds, so that SQLite and
 * PostgreSQL hold the same values.
 */
export type Database = {
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  collections: CollectionsTable;
  collection_members: CollectionMembersTable;
  throttle: ThrottleTable;
  settings: SettingsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_checkpoints: AuditCheckpointsTable;
  documents: DocumentsTable;
  items: ItemsTable;
  item_views: ItemViewsTable;
  user_preferences: UserPreferencesTable;
  collab_updates: CollabUpdatesTable;
  collab_snapshots: CollabSnapshotsTable;
  annotations: AnnotationsTable;
  search_documents: SearchDocumentsTable;
  page_status: PageStatusTable;
  page_versions: PageVersionsTable;
  queues: QueuesTable;
  queue_members: QueueMembersTable;
  queue_items: QueueItemsTable;
  assignments: AssignmentsTable;
  access_epoch: AccessEpochTable;
};

export type UsersTable = {
  id: string;
  email: string;
  name: string;
  role: string;
  expert: number;
  password_hash: string;
  totp_key: string | null;
  /** The last TOTP time step accepted (replay guard). */
  totp_last_step: number | null;
  disabled_at: number | null;
  created_at: number;
};

export type SessionsTable = {
  id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
  two_factor_verified: number;
};

export type ApiTokensTable = {
  id: string;
  user_id: string;
  label: string;
  token_hash: string;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
};

export type CollectionsTable = {
  id: string;
  name: string;
  created_at: number;
};

export type CollectionMembersTable = {
  collection_id: string;
  user_id: string;
  added_at: number;
};

export type ThrottleTable = {
  key: string;
  failures: number;
  window_start: number;
  locked_until: number;
};

export type SettingsTable = {
  key: string;
  value: string;
};

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

export type UserPreferencesTable = {
  user_id: string;
  value: string;
};

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
  consistency: string | null;
  created_by: string | null;
  created_at: number | null;
  updated_by: string | null;
  updated_at: number | null;
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
};

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
};

export type QueueMembersTable = { queue_id: string; user_id: string };

export type QueueItemsTable = {
  queue_id: string;
  item_id: string;
  position: number;
  /** Live (active or submitted) assignments of this item: a hint for claims, not the guard. */
  live: Generated<number>;
  /** Submitted reviews of this item. */
  done: Generated<number>;
  /** 1 once every group of the item's review findings is decided (no longer ready to adjudicate). */
  adjudicated: Generated<number>;
};

export type AssignmentStatus = 'active' | 'submitted' | 'skipped' | 'flagged' | 'released' | 'expired';

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

export type UserRow = Selectable<UsersTable>;
export type ItemRow = Selectable<ItemsTable>;
export type NewUser = Insertable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditRow = Selectable<AuditLogTable>;

/** One row (id 1): moved forward by triggers on every change that can take access away. */
export type AccessEpochTable = {
  id: number;
  n: number;
};
