/** The Istanbul Protocol (2022) vocabulary of a finding. Keys are stored; labels are translated. */
export const LESION_TYPES = [
  'abrasion',
  'contusion',
  'laceration',
  'incised_wound',
  'stab_wound',
  'burn_thermal',
  'burn_chemical',
  'burn_electrical',
  'ligature_mark',
  'suspension_injury',
  'scar',
  'fracture_sign',
  'emaciation_sign',
  'other'
] as const;
export type LesionType = (typeof LESION_TYPES)[number];

/** The five consistency levels, weakest to strongest (an ordinal scale: weighted kappa uses it). */
export const CONSISTENCY_LEVELS = [
  'not_consistent',
  'consistent',
  'highly_consistent',
  'typical',
  'diagnostic'
] as const;
export type ConsistencyLevel = (typeof CONSISTENCY_LEVELS)[number];

export const SIDES = ['left', 'right', 'midline', 'bilateral', 'unknown'] as const;
export const CONFIDENCE = ['low', 'medium', 'high'] as const;

export const BODY_REGIONS = [
  'head',
  'face',
  'neck',
  'chest',
  'abdomen',
  'back',
  'buttocks',
  'genitals',
  'upper_arm',
  'forearm',
  'wrist',
  'hand',
  'thigh',
  'lower_leg',
  'ankle',
  'foot',
  'whole_body'
] as const;

/** Every field of a finding. `consistency` may be set by experts only. */
export const FINDING_FIELDS = [
  'lesionType',
  'bodyRegion',
  'side',
  'sizeMm',
  'colour',
  'pattern',
  'mechanism',
  'consistency',
  'confidence',
  'notes'
] as const;
export type FindingField = (typeof FINDING_FIELDS)[number];
export type Finding = Partial<Record<FindingField, string | number>>;
