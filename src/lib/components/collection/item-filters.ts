/** The choices of the item filters (collection browser, queue scope), in the current language. */
import type { PlainKey } from '$lib/i18n';
import { t } from '$lib/i18n/t.svelte';

export function kindOptions(): Array<[string, string]> {
  return [
    ['', t('browse.kind_all')],
    ['photo', t('browse.kind_photo')],
    ['document', t('browse.kind_document')]
  ];
}

/** "Annotated": any, yes, no; the form's values for yes and no are the receiving endpoint's. */
export function annotatedOptions(yes: string, no: string): Array<[string, string]> {
  return [
    ['', t('browse.annotated_any')],
    [yes, t('browse.annotated_yes')],
    [no, t('browse.annotated_no')]
  ];
}

/** The grid's finding filters as the page's URL carries them ('' when off). */
export type FindingFilterValues = Record<
  'lesionType' | 'bodyRegion' | 'consistency' | 'reviewer' | 'from' | 'to',
  string
>;

/** A finding filter's choices: "any", then each key of the vocabulary by its translated label. */
export function vocabularyOptions(labels: Record<string, PlainKey>, any: string): Array<[string, string]> {
  return [['', any], ...Object.entries(labels).map(([value, key]): [string, string] => [value, t(key)])];
}
