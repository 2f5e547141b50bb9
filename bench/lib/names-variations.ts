/**
 * How documents write the names of bench/name-matching.ts: Arabic spelling variations (diacritics,
 * tatweel, hamza and taa-marbuta forms, the article dropped or added, عبد compounds joined), "بن",
 * a missing grandfather, a slip of the pen, and Latin transliterations generated letter by letter
 * (not taken from the variants table the matcher uses).
 */
import { pick, type Generated, type Random } from './names-register.ts';

const LATIN: Record<string, string[]> = {
  ا: ['a'],
  أ: ['a', 'e'],
  إ: ['i', 'e'],
  آ: ['a'],
  ب: ['b'],
  ت: ['t'],
  ث: ['th', 't'],
  ج: ['j', 'g', 'dj'],
  ح: ['h'],
  خ: ['kh'],
  د: ['d'],
  ذ: ['dh', 'z'],
  ر: ['r'],
  ز: ['z'],
  س: ['s'],
  ش: ['sh', 'ch'],
  ص: ['s'],
  ض: ['d', 'dh'],
  ط: ['t'],
  ظ: ['z', 'dh'],
  ع: ['', "'", 'a'],
  غ: ['gh'],
  ف: ['f'],
  ق: ['q', 'k'],
  ك: ['k'],
  ل: ['l'],
  م: ['m'],
  ن: ['n'],
  ه: ['h'],
  ة: ['a', 'ah', 'eh'],
  و: ['w', 'ou', 'u', 'o'],
  ي: ['y', 'i', 'ee', 'ei'],
  ى: ['a'],
  ء: [''],
  ئ: ['i', 'e'],
  ؤ: ['o', 'u']
};
const SHORT_VOWELS = ['a', 'a', 'e', 'i', 'o', 'u'];

export function transliterate(word: string, random: Random): string {
  const bare = word.normalize('NFC').replace(/[\u064B-\u065F\u0670\u0640]/g, '');
  let out = '';
  let article = '';
  let rest = bare;
  if (rest.startsWith('عبد ال'))
    return `${pick(random, ['Abd al-', 'Abdul', 'Abdel', 'Abd el '])}${cap(transliterate(rest.slice(6), random))}`;
  if (rest.startsWith('ال') && rest.length > 3) {
    article = pick(random, ['al-', 'el-', 'Al ', '']);
    rest = rest.slice(2);
  }
  const letters = [...rest];
  letters.forEach((ch, i) => {
    out += pick(random, LATIN[ch] ?? ['']);
    const next = letters[i + 1];
    const consonant = !'اويىة'.includes(ch);
    // Short vowels are not written in Arabic: put one between two consonants, most of the time.
    if (consonant && next && !'اويىة'.includes(next) && random() < 0.8) out += pick(random, SHORT_VOWELS);
  });
  return article + cap(out);
}
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function arabicVariant(word: string, random: Random): string {
  let w = word;
  if (random() < 0.3) w = w.replace(/ا/g, (a) => (random() < 0.5 ? 'أ' : a));
  if (random() < 0.3) w = w.replace(/ة$/, 'ه');
  if (random() < 0.3) w = w.replace(/ي$/, 'ى');
  if (random() < 0.3) w = w.replace(/^عبد ال/, 'عبدال');
  if (random() < 0.3 && w.startsWith('ال')) w = w.slice(2);
  else if (random() < 0.15 && !w.startsWith('ال') && !w.startsWith('عبد')) w = `ال${w}`;
  if (random() < 0.2) w = [...w].map((ch, i) => (i === 1 ? `${ch}\u064E` : ch)).join('');
  if (random() < 0.1) w = [...w].map((ch, i) => (i === 1 ? `${ch}\u0640` : ch)).join('');
  return w;
}

/** A slip of the pen: one letter of a longer word replaced by a neighbour on the keyboard or a look-alike. */
function slip(word: string, random: Random): string {
  const letters = [...word];
  if (letters.length < 5) return word;
  const i = 2 + Math.floor(random() * (letters.length - 3));
  const swaps: Record<string, string> = {
    ب: 'ت',
    ت: 'ث',
    ح: 'ج',
    د: 'ذ',
    ر: 'ز',
    س: 'ش',
    ص: 'ض',
    ع: 'غ',
    ف: 'ق',
    ن: 'ت',
    ي: 'ب',
    ل: 'ك',
    a: 'e',
    e: 'i',
    i: 'y',
    o: 'u',
    u: 'o'
  };
  letters[i] = swaps[letters[i] as string] ?? (letters[i] as string);
  return letters.join('');
}

export function mention(p: Generated, random: Random): string {
  const latin = random() < 0.4;
  const withGrandfather = random() < 0.4;
  const parts = [p.given, p.father, ...(withGrandfather ? [p.grandfather] : []), p.family];
  let words = parts.map((w) => (latin ? transliterate(w, random) : arabicVariant(w, random)));
  if (random() < 0.15) {
    const i = 1 + Math.floor(random() * (words.length - 2));
    words[i] = slip(words[i] as string, random);
  }
  if (!latin && random() < 0.15) words = [words[0] as string, 'بن', ...words.slice(1)];
  return words.join(' ');
}
