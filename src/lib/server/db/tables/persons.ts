import type { Generated } from 'kysely';

/** The register of persons (issue 16). Times are epoch milliseconds; JSON columns are text. */
export type PersonsTable = {
  id: string;
  collection_id: string;
  name: string;
  name_latin: string | null;
  /** JSON: NameParts (model/names/parts.ts). */
  parts: string;
  /** JSON: PersonTokens (model/names/parts.ts), derived from `parts` when they are written. */
  tokens: string;
  /** JSON: Array<{ text: string; source: string | null }>. */
  names_written: string;
  birth_date: string | null;
  birth_place: string | null;
  arrest_date: string | null;
  arrest_place: string | null;
  branch: string | null;
  notes: string | null;
  merged_into: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
};

export type PersonKeysTable = { person_id: string; collection_id: string; part: string; key: string };

export type PersonNumbersTable = {
  person_id: string;
  collection_id: string;
  raw: string;
  normalized: string;
};

export type MentionSource = 'mark' | 'field';

export type MentionsTable = {
  id: string;
  collection_id: string;
  item_id: string;
  source: MentionSource;
  text: string;
  key: string;
  ordinal: number;
  page_number: string | null;
  present: Generated<number>;
  person_id: string | null;
  linked_by: string | null;
  linked_at: number | null;
  created_at: number;
};

export type PersonDistinctTable = {
  a_id: string;
  b_id: string;
  decided_by: string | null;
  decided_at: number;
};

export type IdentificationStatus = 'proposed' | 'confirmed' | 'excluded';

export type IdentificationsTable = {
  id: string;
  collection_id: string;
  person_id: string;
  body_id: string;
  status: IdentificationStatus;
  /** JSON: Array<Evidence> (persons/identifications.ts). */
  evidence: string;
  note: string | null;
  /** null: proposed by the number match, not by a person. */
  proposed_by: string | null;
  created_at: number;
  decided_at: number | null;
  excluded_by: string | null;
  exclude_reason: string | null;
};

export type IdentificationConfirmationsTable = { identification_id: string; user_id: string; at: number };
