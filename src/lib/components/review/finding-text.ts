import { messageKey } from '$lib/i18n';
/** A finding's field as the reader sees it: vocabulary keys translated, free text as written. */
import { t } from '$lib/i18n/t.svelte';
import type { FindingField } from '$lib/model/injury';

const VOCABULARY: Partial<Record<FindingField, string>> = {
  lesionType: 'lesion',
  consistency: 'consistency',
  bodyRegion: 'region',
  side: 'side',
  confidence: 'confidence'
};

export function findingText(field: FindingField, value: string | number | undefined): string {
  if (value === undefined || value === '') return '—';
  const prefix = VOCABULARY[field];
  return prefix ? t(messageKey(`${prefix}.${value}`)) : String(value);
}
