/**
 * The words a finding is found by: each chosen value (lesion type, region, side, consistency) as its
 * stored key and its label in every language of the catalogues, so that «كدمة», "contusion" and
 * "bruise" all find a contusion; then the free text (colour, pattern, mechanism, notes). Normalised
 * as page text is (`model/normalise.ts`), one space before each word, so `like '% term%'` is a
 * word-start match on both dialects.
 */
import { LOCALES, isMessageKey, translate } from '../../i18n/index.ts';
import { queryTerms, searchBody } from '../../model/normalise.ts';
import type { Finding } from '../../model/injury.ts';

/** Finding field → the catalogue prefix of its values' labels. */
const LABELLED = {
  lesionType: 'lesion',
  bodyRegion: 'region',
  side: 'side',
  consistency: 'consistency'
} as const;
const FREE_TEXT = ['colour', 'pattern', 'mechanism', 'notes'] as const;

function words(text: string): string {
  return (searchBody(text).match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => ` ${w}`).join('');
}

export function findingSearchText(finding: Finding): string {
  const parts: string[] = [];
  for (const [field, prefix] of Object.entries(LABELLED)) {
    const value = finding[field as keyof typeof LABELLED];
    if (typeof value !== 'string' || value === '') continue;
    parts.push(value.replaceAll('_', ' '));
    const key = `${prefix}.${value}`;
    if (isMessageKey(key)) for (const locale of LOCALES) parts.push(translate(locale, key));
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
