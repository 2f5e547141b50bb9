import type { Insertable, Selectable } from 'kysely';
import type {
  UsersTable,
  SessionsTable,
  ApiTokensTable,
  CollectionsTable,
  CollectionMembersTable,
  ThrottleTable,
  SettingsTable,
  UserPreferencesTable,
  AccessEpochTable
} from './tables/accounts.ts';
import type { AuditLogTable, AuditHeadTable, AuditCheckpointsTable } from './tables/audit.ts';
import type { DocumentsTable, ItemsTable, ItemViewsTable } from './tables/evidence.ts';
import type {
  CollabUpdatesTable,
  CollabSnapshotsTable,
  AnnotationsTable,
  SearchDocumentsTable,
  PageStatusTable,
  PageVersionsTable,
  SchemaUpgradesTable
} from './tables/collab.ts';
import type { AccountLinksTable } from './tables/account-links.ts';
import type { QueuesTable, QueueMembersTable, QueueItemsTable, AssignmentsTable } from './tables/review.ts';
import type {
  BranchesTable,
  BodiesTable,
  BodyItemsTable,
  BodyIdentifiersTable,
  BodyIdentifierEntriesTable,
  BodyOperationsTable,
  BodySuggestionsTable
} from './tables/bodies.ts';
import type {
  PersonsTable,
  PersonKeysTable,
  PersonNumbersTable,
  MentionsTable,
  PersonDistinctTable,
  IdentificationsTable,
  IdentificationConfirmationsTable
} from './tables/persons.ts';
import type { BodyEvaluationsTable } from './tables/body-evaluations.ts';
import type {
  ExposureDaysTable,
  ExposureCollectionsTable,
  ExposureSettingsTable
} from './tables/exposure.ts';
import type {
  ContentDescriptionsTable,
  ContentLabelsTable,
  QueueDescriptionRulesTable
} from './tables/wellbeing.ts';
import type { CoviewSessionsTable, CoviewParticipantsTable } from './tables/coview.ts';
import type { UploadProgressTable } from './tables/upload-progress.ts';

/**
 * The database as Kysely sees it: every table, by name. The row types live beside their capability's
 * tables in ./tables/; booleans are integers (0/1) and times are epoch milliseconds, so that SQLite
 * and PostgreSQL hold the same values.
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
  schema_upgrades: SchemaUpgradesTable;
  branches: BranchesTable;
  bodies: BodiesTable;
  body_items: BodyItemsTable;
  body_identifiers: BodyIdentifiersTable;
  body_identifier_entries: BodyIdentifierEntriesTable;
  body_operations: BodyOperationsTable;
  body_suggestions: BodySuggestionsTable;
  persons: PersonsTable;
  person_keys: PersonKeysTable;
  person_numbers: PersonNumbersTable;
  mentions: MentionsTable;
  person_distinct: PersonDistinctTable;
  identifications: IdentificationsTable;
  identification_confirmations: IdentificationConfirmationsTable;
  body_evaluations: BodyEvaluationsTable;
  account_links: AccountLinksTable;
  exposure_days: ExposureDaysTable;
  exposure_collections: ExposureCollectionsTable;
  exposure_settings: ExposureSettingsTable;
  content_labels: ContentLabelsTable;
  content_descriptions: ContentDescriptionsTable;
  queue_description_rules: QueueDescriptionRulesTable;
  coview_sessions: CoviewSessionsTable;
  coview_participants: CoviewParticipantsTable;
  upload_progress: UploadProgressTable;
};

export type * from './tables/accounts.ts';
export type * from './tables/audit.ts';
export type * from './tables/evidence.ts';
export type * from './tables/collab.ts';
export type * from './tables/review.ts';
export type * from './tables/bodies.ts';
export type * from './tables/persons.ts';
export type * from './tables/body-evaluations.ts';
export type * from './tables/account-links.ts';
export type * from './tables/exposure.ts';
export type * from './tables/wellbeing.ts';
export type * from './tables/coview.ts';
export type * from './tables/upload-progress.ts';

export type UserRow = Selectable<UsersTable>;
export type ItemRow = Selectable<ItemsTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type NewUser = Insertable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type AuditRow = Selectable<AuditLogTable>;
