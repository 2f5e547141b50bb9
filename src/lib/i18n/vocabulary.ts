/**
 * The one owner of every vocabulary's labels: each stored value (a lesion type, a role, a queue's
 * state …) maps to its catalogue key here, so every key is checked at compile time and a value
 * added to a vocabulary does not compile until it has a label. No key is built from a string.
 */
import type { EvaluationChoice } from '../model/document/evaluation.ts';
import type { CAUSE_CONSISTENT, STARVATION } from '../model/document/evaluation.ts';
import type { Band } from '../model/names/score.ts';
import type { BodyItemRole } from '../model/bodies.ts';
import type { IdentifierKind, IdentifierStatus } from '../model/identifiers.ts';
import type { ConsistencyLevel, FindingField, LesionType } from '../model/injury.ts';
import type { BODY_REGIONS, CONFIDENCE, SIDES } from '../model/injury.ts';
import type { Role } from '../model/roles.ts';
import type { MailOutcome } from '../server/accounts/mail.ts';
import type { SuggestionReason } from '../server/bodies/suggest-runs.ts';
import type { ItemsTable, ItemViewsTable } from '../server/db/tables/evidence.ts';
import type { AssignmentStatus, QueueState } from '../server/db/tables/review.ts';
import type { Adjudication } from '../server/review/item-table.ts';
import type { Task } from '../server/review/queue-input.ts';
import type { PlainKey } from './index.ts';

export const LESION_LABEL = {
  abrasion: 'lesion.abrasion',
  contusion: 'lesion.contusion',
  laceration: 'lesion.laceration',
  incised_wound: 'lesion.incised_wound',
  stab_wound: 'lesion.stab_wound',
  burn_thermal: 'lesion.burn_thermal',
  burn_chemical: 'lesion.burn_chemical',
  burn_electrical: 'lesion.burn_electrical',
  ligature_mark: 'lesion.ligature_mark',
  suspension_injury: 'lesion.suspension_injury',
  scar: 'lesion.scar',
  fracture_sign: 'lesion.fracture_sign',
  emaciation_sign: 'lesion.emaciation_sign',
  other: 'lesion.other'
} as const satisfies Record<LesionType, PlainKey>;

export const REGION_LABEL = {
  head: 'region.head',
  face: 'region.face',
  neck: 'region.neck',
  chest: 'region.chest',
  abdomen: 'region.abdomen',
  back: 'region.back',
  buttocks: 'region.buttocks',
  genitals: 'region.genitals',
  upper_arm: 'region.upper_arm',
  forearm: 'region.forearm',
  wrist: 'region.wrist',
  hand: 'region.hand',
  thigh: 'region.thigh',
  lower_leg: 'region.lower_leg',
  ankle: 'region.ankle',
  foot: 'region.foot',
  whole_body: 'region.whole_body'
} as const satisfies Record<(typeof BODY_REGIONS)[number], PlainKey>;

export const SIDE_LABEL = {
  left: 'side.left',
  right: 'side.right',
  midline: 'side.midline',
  bilateral: 'side.bilateral',
  unknown: 'side.unknown'
} as const satisfies Record<(typeof SIDES)[number], PlainKey>;

export const CONSISTENCY_LABEL = {
  not_consistent: 'consistency.not_consistent',
  consistent: 'consistency.consistent',
  highly_consistent: 'consistency.highly_consistent',
  typical: 'consistency.typical',
  diagnostic: 'consistency.diagnostic'
} as const satisfies Record<ConsistencyLevel, PlainKey>;

export const CONFIDENCE_LABEL = {
  low: 'confidence.low',
  medium: 'confidence.medium',
  high: 'confidence.high'
} as const satisfies Record<(typeof CONFIDENCE)[number], PlainKey>;

/** The finding fields whose values are a vocabulary (the others are free text or numbers). */
export const FINDING_VOCABULARY = {
  lesionType: LESION_LABEL,
  bodyRegion: REGION_LABEL,
  side: SIDE_LABEL,
  consistency: CONSISTENCY_LABEL,
  confidence: CONFIDENCE_LABEL
} as const satisfies Partial<Record<FindingField, Record<string, PlainKey>>>;

export const ROLE_LABEL = {
  admin: 'role.admin',
  coordinator: 'role.coordinator',
  reviewer: 'role.reviewer',
  observer: 'role.observer'
} as const satisfies Record<Role, PlainKey>;

export const QUEUE_STATE_LABEL = {
  open: 'manage.state_open',
  paused: 'manage.state_paused',
  closed: 'manage.state_closed'
} as const satisfies Record<QueueState, PlainKey>;

export const QUEUE_STATE_HINT = {
  open: 'manage.state_open_hint',
  paused: 'manage.state_paused_hint',
  closed: 'manage.state_closed_hint'
} as const satisfies Record<QueueState, PlainKey>;

export const TASK_LABEL = {
  annotate: 'queue.task_annotate',
  transcribe: 'queue.task_transcribe',
  verify: 'queue.task_verify'
} as const satisfies Record<Task, PlainKey>;

export const ASSIGNMENT_STATUS_LABEL = {
  active: 'items_table.status_active',
  submitted: 'items_table.status_submitted',
  skipped: 'items_table.status_skipped',
  flagged: 'items_table.status_flagged',
  released: 'items_table.status_released',
  expired: 'items_table.status_expired',
  returned: 'items_table.status_returned'
} as const satisfies Record<AssignmentStatus, PlainKey>;

/** Why a reviewer's work on an item ended (an active assignment past its time has expired). */
export const WORK_ENDED_LABEL = {
  submitted: 'work.ended_submitted',
  skipped: 'work.ended_skipped',
  flagged: 'work.ended_flagged',
  released: 'work.ended_released',
  expired: 'work.ended_expired'
} as const satisfies Partial<Record<AssignmentStatus, PlainKey>>;

export const FLAG_STATUS_LABEL = {
  flagged: 'dashboard.status_flagged',
  skipped: 'dashboard.status_skipped'
} as const satisfies Partial<Record<AssignmentStatus, PlainKey>>;

export const ADJUDICATION_LABEL = {
  not_blind: 'items_table.adjudication_not_blind',
  waiting: 'items_table.adjudication_waiting',
  ready: 'items_table.adjudication_ready',
  adjudicated: 'items_table.adjudication_adjudicated'
} as const satisfies Record<Adjudication, PlainKey>;

export const ITEM_KIND_LABEL = {
  photo: 'kind.photo',
  document: 'kind.document'
} as const satisfies Record<ItemsTable['kind'], PlainKey>;

export const VIEW_VIA_LABEL = {
  viewer: 'views.via_viewer',
  original: 'views.via_original'
} as const satisfies Record<ItemViewsTable['via'], PlainKey>;

export const MAIL_OUTCOME_LABEL = {
  sent: 'invite.mail_sent',
  failed: 'invite.mail_failed',
  not_configured: 'invite.mail_not_configured'
} as const satisfies Record<MailOutcome, PlainKey>;

export const BAND_LABEL = {
  likely: 'persons.band.likely',
  possible: 'persons.band.possible',
  unlikely: 'persons.band.unlikely'
} as const satisfies Record<Band, PlainKey>;

export const IDENTIFIER_KIND_LABEL = {
  detainee: 'body.kind_detainee',
  branch: 'body.kind_branch',
  hospital: 'body.kind_hospital',
  report: 'body.kind_report',
  other: 'body.kind_other'
} as const satisfies Record<IdentifierKind, PlainKey>;

/** The shorter wording of the identifier entry form and the search results. */
export const IDENTIFIER_KIND_SHORT = {
  detainee: 'bodies.kind_detainee',
  branch: 'bodies.kind_branch',
  hospital: 'bodies.kind_hospital',
  report: 'bodies.kind_report',
  other: 'bodies.kind_other'
} as const satisfies Record<IdentifierKind, PlainKey>;

export const IDENTIFIER_STATUS_LABEL = {
  unverified: 'body.status_unverified',
  verified: 'body.status_verified',
  disputed: 'body.status_disputed'
} as const satisfies Record<IdentifierStatus, PlainKey>;

/** The badge of the identifier entry form. */
export const IDENTIFIER_STATUS_SHORT = {
  unverified: 'bodies.status_unverified',
  verified: 'bodies.status_verified',
  disputed: 'bodies.status_disputed'
} as const satisfies Record<IdentifierStatus, PlainKey>;

export const BODY_ITEM_ROLE_LABEL = {
  tag: 'body.role_tag',
  face: 'body.role_face',
  full_body: 'body.role_full_body',
  injury_detail: 'body.role_injury_detail',
  other: 'body.role_other'
} as const satisfies Record<BodyItemRole, PlainKey>;

export const SUGGESTION_REASON_LABEL = {
  time: 'bodies.suggestion_reason_time',
  file_order: 'bodies.suggestion_reason_file_order',
  identifier: 'bodies.suggestion_reason_identifier'
} as const satisfies Record<SuggestionReason, PlainKey>;

export const STARVATION_LABEL = {
  present: 'evaluation.starvation.present',
  absent: 'evaluation.starvation.absent',
  undetermined: 'evaluation.starvation.undetermined'
} as const satisfies Record<(typeof STARVATION)[number], PlainKey>;

export const CAUSE_CONSISTENT_LABEL = {
  yes: 'evaluation.consistent.yes',
  no: 'evaluation.consistent.no',
  undetermined: 'evaluation.consistent.undetermined'
} as const satisfies Record<(typeof CAUSE_CONSISTENT)[number], PlainKey>;

/** The evaluation's choices: each question's label and its answers' labels. */
export const EVALUATION_LABEL = {
  opinion: { label: 'evaluation.opinion', options: CONSISTENCY_LABEL },
  starvation: { label: 'evaluation.starvation', options: STARVATION_LABEL },
  causeConsistent: { label: 'evaluation.cause_consistent', options: CAUSE_CONSISTENT_LABEL }
} as const satisfies Record<EvaluationChoice, { label: PlainKey; options: Record<string, PlainKey> }>;

/**
 * The label of a value that arrives typed as a plain string (a database column, a form's data):
 * looked up in its vocabulary's map; a value outside the vocabulary is a bug and throws.
 */
export function labelOf(labels: Record<string, PlainKey>, value: string | null | undefined): PlainKey {
  const key = value != null && Object.hasOwn(labels, value) ? labels[value] : undefined;
  if (key === undefined) throw new Error(`No label for "${value}"`);
  return key;
}
