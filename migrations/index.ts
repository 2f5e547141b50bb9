import type { Migration } from 'kysely/migration';
import * as foundation from './2026_11_26_000000_foundation.ts';
import * as evidence from './2026_11_26_010000_evidence.ts';
import * as collab from './2026_11_26_020000_collab.ts';
import * as transcription from './2026_11_26_030000_transcription.ts';
import * as review from './2026_11_26_040000_review.ts';
import * as totpReplay from './2026_11_26_050000_totp_replay.ts';
import * as updateDigest from './2026_11_26_060000_update_digest.ts';
import * as accessEpoch from './2026_11_26_070000_access_epoch.ts';
import * as auditCheckpoints from './2026_12_01_000000_audit_checkpoints.ts';
import * as schemaUpgrades from './2026_12_02_000000_schema_upgrades.ts';
import * as versionStatus from './2026_12_02_010000_version_status.ts';
import * as blindReviewRules from './2026_12_02_020000_blind_review_rules.ts';
import * as bodies from './2026_12_04_010000_bodies.ts';
import * as bodyOperations from './2026_12_04_010100_body_operations.ts';
import * as bodyEvaluations from './2026_12_04_011000_body_evaluations.ts';
import * as annotationDeleted from './2026_12_04_011100_annotation_deleted.ts';
import * as persons from './2026_12_04_020000_persons.ts';
import * as identifications from './2026_12_04_020100_identifications.ts';
import * as dossierAuditTarget from './2026_12_04_030000_dossier_audit_target.ts';
import * as perfIndexes from './2026_12_04_040000_perf_indexes.ts';
import * as accountLinks from './2026_12_04_050000_account_links.ts';
import * as queueState from './2026_12_04_050100_queue_state.ts';
import * as findingSearch from './2026_12_05_020000_finding_search.ts';
import * as userLocale from './2026_12_05_040000_user_locale.ts';
import * as contentLabels from './2026_12_05_060000_content_labels.ts';
import * as descriptions from './2026_12_05_060100_descriptions.ts';
import * as exposure from './2026_12_05_070000_exposure.ts';
import * as coview from './2026_12_05_090000_coview.ts';
import * as findingRegion from './2026_12_06_010000_finding_region.ts';
import * as uploadProgress from './2026_12_06_020000_upload_progress.ts';
import * as queueCoviewRule from './2026_12_06_070000_queue_coview_rule.ts';
import * as coviewSubject from './2026_12_07_010000_coview_subject.ts';
import * as standingAnnotationCount from './2026_12_07_020000_standing_annotation_count.ts';
import * as accessEpochShards from './2026_12_07_030000_access_epoch_shards.ts';
import * as reviewerItems from './2026_12_08_010000_reviewer_items.ts';
import * as searchFtsItemLookup from './2026_12_09_010000_search_fts_item_lookup.ts';
import * as collabLogCovering from './2026_12_09_020000_collab_log_covering.ts';

/** Every migration, by name; names sort in the order they run. Imported statically so that the
 * SvelteKit bundle, `vite dev` and plain Node all see the same list. */
export const migrations: Record<string, Migration> = {
  '2026_11_26_000000_foundation': foundation,
  '2026_11_26_010000_evidence': evidence,
  '2026_11_26_020000_collab': collab,
  '2026_11_26_030000_transcription': transcription,
  '2026_11_26_040000_review': review,
  '2026_11_26_050000_totp_replay': totpReplay,
  '2026_11_26_060000_update_digest': updateDigest,
  '2026_11_26_070000_access_epoch': accessEpoch,
  '2026_12_01_000000_audit_checkpoints': auditCheckpoints,
  '2026_12_02_000000_schema_upgrades': schemaUpgrades,
  '2026_12_02_010000_version_status': versionStatus,
  '2026_12_02_020000_blind_review_rules': blindReviewRules,
  '2026_12_04_010000_bodies': bodies,
  '2026_12_04_010100_body_operations': bodyOperations,
  '2026_12_04_011000_body_evaluations': bodyEvaluations,
  '2026_12_04_011100_annotation_deleted': annotationDeleted,
  '2026_12_04_020000_persons': persons,
  '2026_12_04_020100_identifications': identifications,
  '2026_12_04_030000_dossier_audit_target': dossierAuditTarget,
  '2026_12_04_040000_perf_indexes': perfIndexes,
  '2026_12_04_050000_account_links': accountLinks,
  '2026_12_04_050100_queue_state': queueState,
  '2026_12_05_020000_finding_search': findingSearch,
  '2026_12_05_040000_user_locale': userLocale,
  '2026_12_05_060000_content_labels': contentLabels,
  '2026_12_05_060100_descriptions': descriptions,
  '2026_12_05_070000_exposure': exposure,
  '2026_12_05_090000_coview': coview,
  '2026_12_06_010000_finding_region': findingRegion,
  '2026_12_06_020000_upload_progress': uploadProgress,
  '2026_12_06_070000_queue_coview_rule': queueCoviewRule,
  '2026_12_07_010000_coview_subject': coviewSubject,
  '2026_12_07_020000_standing_annotation_count': standingAnnotationCount,
  '2026_12_07_030000_access_epoch_shards': accessEpochShards,
  '2026_12_08_010000_reviewer_items': reviewerItems,
  '2026_12_09_010000_search_fts_item_lookup': searchFtsItemLookup,
  '2026_12_09_020000_collab_log_covering': collabLogCovering
};
