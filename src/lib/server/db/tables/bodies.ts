import type { BodyItemRole, BodyStatus } from '../../../model/bodies.ts';
import type { IdentifierKind, IdentifierStatus } from '../../../model/identifiers.ts';

/** Bodies: branches, bodies, their photos and identifiers with every entry. Times are epoch milliseconds on both dialects. */
export type BranchesTable = {
  id: string;
  number: string;
  number_normalized: string;
  name_ar: string;
  name_en: string;
  created_at: number;
  updated_at: number;
};

export type BodiesTable = {
  id: string;
  collection_id: string;
  branch_id: string | null;
  /** ISO dates (YYYY-MM-DD) where known. */
  died_on: string | null;
  photographed_on: string | null;
  notes: string;
  status: BodyStatus;
  /** The body this one was merged into (kept so that the merge can be undone). */
  merged_into: string | null;
  deleted_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
};

export type BodyItemsTable = {
  item_id: string;
  body_id: string;
  role: BodyItemRole;
  position: number;
};

export type BodyIdentifiersTable = {
  id: string;
  body_id: string;
  kind: IdentifierKind;
  raw: string;
  normalized: string;
  item_id: string | null;
  region: string | null;
  status: IdentifierStatus;
  created_by: string | null;
  created_at: number;
  resolved_by: string | null;
  resolved_at: number | null;
};

export type BodyIdentifierEntriesTable = {
  id: string;
  identifier_id: string;
  user_id: string;
  raw: string;
  normalized: string;
  item_id: string | null;
  region: string | null;
  via: 'api' | 'verify';
  entered_at: number;
};

export type BodyOperationsTable = {
  id: string;
  body_id: string;
  kind: 'split' | 'merge';
  other_body_id: string;
  /** JSON: OperationDetails (bodies/split-merge.ts). */
  details: string;
  audit_seq: number;
  created_by: string;
  created_at: number;
  undone_by: string | null;
  undone_at: number | null;
};

export type SuggestionReason = 'time' | 'file_order' | 'identifier';

export type BodySuggestionsTable = {
  id: string;
  collection_id: string;
  fingerprint: string;
  /** JSON: string[] in order. */
  item_ids: string;
  /** JSON: SuggestionReason[]. */
  reasons: string;
  status: 'pending' | 'accepted' | 'rejected';
  body_id: string | null;
  created_at: number;
  decided_by: string | null;
  decided_at: number | null;
};
