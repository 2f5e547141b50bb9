/**
 * The consonant skeleton of a name, computed alike from Arabic script and from a Latin
 * transliteration so that the two meet: محمد, Muhammad, Mohamed → "mhmd"; عبد العزيز, Abdel Aziz,
 * Abd al-Aziz → "bdz". Vowels (short ones are not written in Arabic, long ones are spelt every way
 * in Latin), ʿayn and hamza are left out; letters a transliteration writes alike are one class
 * (ث ت ط → t, خ k, ق ك → k, ذ ض د → d …); doubled letters count once; a final ه (taa marbuta, the
 * h of Hamzeh) is dropped. It is coarse on purpose: حسن and حسين share one skeleton, which is why
 * known names are compared by their canonical id first (variants.ts).
 */
const ARABIC: Record<string, string> = {
  ب: 'b',
  ت: 't',
  ث: 't',
  ج: 'j',
  ح: 'h',
  خ: 'k',
  د: 'd',
  ذ: 'd',
  ر: 'r',
  ز: 'z',
  س: 's',
  ش: 's',
  ص: 's',
  ض: 'd',
  ط: 't',
  ظ: 'z',
  غ: 'g',
  ف: 'f',
  ق: 'k',
  ك: 'k',
  ل: 'l',
  م: 'm',
  ن: 'n',
  ه: 'h',
  پ: 'b',
  چ: 'j',
  گ: 'g',
  ڤ: 'f'
};
const LATIN_DIGRAPHS: Array<[RegExp, string]> = [
  [/kh/g, 'k'],
  [/gh/g, 'g'],
  [/sh|ch/g, 's'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/ph/g, 'f'],
  [/dj/g, 'j']
];
const LATIN: Record<string, string> = { q: 'k', c: 'k', g: 'j', p: 'b', v: 'f', x: 'ks' };
const LATIN_VOWEL = /[aeiouyw]/g;

function collapse(s: string): string {
  let out = s.replace(/h$/, '').replace(/(.)\1+/g, '$1');
  // The article inside an ʿAbd compound comes and goes (Abdulaziz, Abd Aziz): bdl + more → bd + more.
  if (out.startsWith('bdl') && out.length > 3) out = `bd${out.slice(3)}`;
  return out;
}

/** Skeleton of one normalised Arabic token (letters outside the table are left out). */
export function arabicSkeleton(token: string): string {
  let out = '';
  for (const ch of token) out += ARABIC[ch] ?? '';
  return collapse(out);
}

/** Skeleton of one Latin token, lower case, accents and marks already removed. */
export function latinSkeleton(token: string): string {
  let s = token.replace(/[^a-z]/g, '');
  for (const [pattern, to] of LATIN_DIGRAPHS) s = s.replace(pattern, to);
  s = s.replace(LATIN_VOWEL, '');
  let out = '';
  for (const ch of s) out += LATIN[ch] ?? ch;
  return collapse(out);
}
