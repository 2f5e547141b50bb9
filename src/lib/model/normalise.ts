/**
 * Search normalisation, Arabic first. Both the index and the query go through `normalise`, so that
 * محمد finds مُحَمَّد and محمّد, and 215 finds ٢١٥:
 * - Arabic diacritics (tashkeel, U+064B–U+065F, superscript alef U+0670) and tatweel (U+0640) removed;
 * - alef forms (أ إ آ ٱ) → ا; hamza carriers ؤ → و, ئ → ي; taa marbuta ة → ه; alef maqsura ى → ي;
 * - Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits → 0–9;
 * - Latin: lower case, accents removed (é → e, ß stays).
 *
 * `normaliseWithMap` also returns, for every output character, the index of the input character it
 * came from, so that matches found in normalised text can be highlighted in the original.
 */
// One code point at a time (parts of a decomposed character): combining marks are wanted here.
// eslint-disable-next-line no-misleading-character-class
const DROP = /[\u064B-\u065F\u0670\u0640\u0300-\u036F\u200C\u200D\u200E\u200F]/;
const MAP: Record<string, string> = {
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ؤ: 'و',
  ئ: 'ي',
  ة: 'ه',
  ى: 'ي'
};

function mapChar(ch: string): string {
  const code = ch.charCodeAt(0);
  if (code >= 0x0660 && code <= 0x0669) return String(code - 0x0660);
  if (code >= 0x06f0 && code <= 0x06f9) return String(code - 0x06f0);
  return MAP[ch] ?? ch.toLowerCase();
}

export function normaliseWithMap(text: string): { text: string; source: number[] } {
  let out = '';
  const source: number[] = [];
  for (let i = 0; i < text.length; i++) {
    // Decompose one character (é → e + ◌́) so that its accent can be dropped; keep its origin index.
    for (const part of (text[i] as string).normalize('NFD')) {
      if (DROP.test(part)) continue;
      for (const ch of mapChar(part)) {
        out += ch;
        source.push(i);
      }
    }
  }
  return { text: out, source };
}

export function normalise(text: string): string {
  return normaliseWithMap(text).text;
}

const ARTICLE = /^(?:و|ف|ب|ك|ل)?ال(?=[\p{L}]{2,})/u;

/**
 * The text an index stores: the normalised text, then every word that starts with the Arabic
 * definite article (ال, with a clinging و ف ب ك ل) once more without it, so that فرع finds الفرع.
 */
export function searchBody(text: string): string {
  const normalised = normalise(text);
  const bare = (normalised.match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => ARTICLE.test(w))
    .map((w) => w.replace(ARTICLE, ''));
  return bare.length ? `${normalised}\n${bare.join(' ')}` : normalised;
}

/** A word-start pattern for a normalised term, allowing the article before it (for highlighting). */
export function termPattern(term: string): RegExp {
  const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:(?:و|ف|ب|ك|ل)?ال)?${escaped}`, 'gu');
}

/** Query terms: normalised words (letters and digits of any script), at most 12, each ≥ 1 char. */
export function queryTerms(query: string): string[] {
  return (normalise(query).match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
}
