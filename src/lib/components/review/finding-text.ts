/** A finding's field as the reader sees it: vocabulary keys translated, free text as written. */
import { t } from '$lib/i18n/t.svelte';
import { FINDING_VOCABULARY, labelOf } from '$lib/i18n/vocabulary';
import type { FindingField } from '$lib/model/injury';

export function findingText(field: FindingField, value: string | number | undefined): string {
  if (value === undefined || value === '') return '—';
  const labels = Object.hasOwn(FINDING_VOCABULARY, field)
    ? FINDING_VOCABULARY[field as keyof typeof FINDING_VOCABULARY]
    : undefined;
  return labels ? t(labelOf(labels, String(value))) : String(value);
}
