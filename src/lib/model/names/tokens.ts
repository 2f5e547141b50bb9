/**
 * A written name → the tokens compared by the matcher, Arabic first. Text goes through the search
 * normaliser (model/normalise.ts: diacritics, tatweel, alef and hamza forms, taa marbuta, alef
 * maqsura, digits), then:
 * - "son of / daughter of" (بن ابن بنت, bin ibn ben bint) only separate parts and are dropped;
 * - compounds are joined: عبد الله = عبدالله, أبو محمد = ابومحمد, Abd al-Rahman = abdalrahman;
 * - the article is ignored where it varies: الحلبي = حلبي, al-Halabi = el Halabi = Halabi.
 * Each token carries its comparison key (the canonical id of a known name, variants.ts, or the bare
 * normalised spelling) and its consonant skeleton (skeleton.ts), which bridges Arabic and Latin.
 */
import { normalise } from '../normalise.ts';
import { arabicSkeleton, latinSkeleton } from './skeleton.ts';
import { canonicalName } from './variants.ts';

export type Script = 'ar' | 'la';
export type NameToken = {
  /** The canonical id of a known name, else the normalised spelling without the article. */
  key: string;
  /** The consonant skeleton, shared by both scripts. */
  skeleton: string;
  script: Script;
  /** True when `key` is a canonical id (the name is in the variants table). */
  known: boolean;
};

const ARABIC_LETTER = /[\u0621-\u064a\u0671-\u06d3]/;
const SEPARATORS = new Set(['بن', 'ابن', 'بنت', 'bin', 'ibn', 'ben', 'bint', 'binti']);
const ARABIC_LEADS = new Set(['عبد', 'ابو', 'ابي', 'ام']);
const LATIN_LEADS = new Set([
  'abd',
  'abdul',
  'abdel',
  'abdal',
  'abdoul',
  'abdur',
  'abdu',
  'abu',
  'abou',
  'umm',
  'um',
  'oum'
]);
const LATIN_ARTICLES = new Set(['al', 'el', 'ul', 'il']);
// al-, el-, and the sun-letter forms (ar-Rashid, as-Sayyid, ash-Shami …) before a hyphen.
const LATIN_ARTICLE_PREFIX = /^(?:al|el|ul|il|a[dnrstz]|ash|adh|ath)-(?=[a-z]{2,})/;
const ARABIC_ARTICLE = /^ال(?=[\u0621-\u064a]{2,})/;

function words(text: string): string[] {
  // Apostrophes and ʿayn/hamza marks of transliterations (ʿ ʾ ‘ ’ ') are not letters: drop them.
  return normalise(text)
    .replace(/['‘’ʿʾ`´]/g, '')
    .split(/[^\p{L}\p{N}-]+/u)
    .map((w) => w.replace(/^-+|-+$/g, ''))
    .filter((w) => w !== '' && !SEPARATORS.has(w));
}

/** Joins compounds, drops a Latin article standing alone, and strips articles (see the header). */
function spellings(text: string): string[] {
  const out: string[] = [];
  const list = words(text);
  for (let i = 0; i < list.length; i++) {
    const word = list[i] as string;
    const next = list[i + 1];
    const lead = ARABIC_LEADS.has(word) || LATIN_LEADS.has(word);
    if (lead && next !== undefined) {
      // A standalone Latin article between the lead and the name belongs to the compound.
      if (LATIN_ARTICLES.has(next) && list[i + 2] !== undefined) {
        out.push(`${word}${next}${list[i + 2]}`.replace(/-/g, ''));
        i += 2;
      } else {
        out.push(`${word}${next}`.replace(/-/g, ''));
        i += 1;
      }
      continue;
    }
    if (LATIN_ARTICLES.has(word) && next !== undefined) continue;
    out.push(word.replace(ARABIC_ARTICLE, '').replace(LATIN_ARTICLE_PREFIX, '').replace(/-/g, ''));
  }
  return out.filter((w) => w !== '');
}

export function toToken(spelling: string): NameToken {
  const script: Script = ARABIC_LETTER.test(spelling) ? 'ar' : 'la';
  const canonical = canonicalName(spelling);
  return {
    key: canonical ?? spelling,
    skeleton: script === 'ar' ? arabicSkeleton(spelling) : latinSkeleton(spelling),
    script,
    known: canonical !== undefined
  };
}

/** The tokens of a written name, in order. */
export function nameTokens(text: string): NameToken[] {
  return spellings(text).map(toToken);
}

/** One part's value (e.g. a family name of two words) as a single token: its spellings joined. */
export function partToken(text: string): NameToken | null {
  const list = spellings(text);
  return list.length ? toToken(list.join('')) : null;
}
