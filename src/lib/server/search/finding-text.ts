/**
 * The words a finding is found by: each chosen value (lesion type, region, side, consistency) as its
 * stored key and its label in every language of the catalogues, so that «كدمة», "contusion" and
 * "bruise" all find a contusion; then the free text (colour, pattern, mechanism, notes). Normalised
 * as page text is (`model/normalise.ts`), one space before each word, so `like '% term%'` is a
 * word-start match on both dialects.
 */
import { LOCALES, translate, type PlainKey } from '../../i18n/index.ts';
import { CONSISTENCY_LABEL, LESION_LABEL, REGION_LABEL, SIDE_LABEL } from '../../i18n/vocabulary.ts';
import { queryTerms, searchBody } from '../../model/normalise.ts';
import type { Finding } from '../../model/injury.ts';

/** Finding field → its values' labels. */
const LABELLED = {
  lesionType: LESION_LABEL,
  bodyRegion: REGION_LABEL,
  side: SIDE_LABEL,
  consistency: CONSISTENCY_LABEL
} as const;
const FREE_TEXT = ['colour', 'pattern', 'mechanism', 'notes'] as const;

function words(text: string): string {
  return (searchBody(text).match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => ` ${w}`).join('');
}

export function findingSearchText(finding: Finding): string {
  const parts: string[] = [];
  for (const [field, labels] of Object.entries(LABELLED)) {
    const value = finding[field as keyof typeof LABELLED];
    if (typeof value !== 'string' || value === '') continue;
    parts.push(value.replaceAll('_', ' '));
    // A value outside the vocabulary (an old or foreign record) is still found by its own words.
    const key = Object.hasOwn(labels, value) ? (labels as Record<string, PlainKey>)[value] : undefined;
    if (key !== undefined) for (const locale of LOCALES) parts.push(translate(locale, key));
  }
  for (const field of FREE_TEXT) {
    const value = finding[field];
    if (typeof value === 'string') parts.push(value);
  }
  return words(parts.join('\n'));
}

/** Query terms as `like` patterns over `findingSearchText` (letters and digits only: no wildcards). */
export function findingPatterns(query: string): string[] {
  return queryTerms(query).map((t) => `% ${t}%`);
}
