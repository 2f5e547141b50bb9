/**
 * Name parts as Arabic names are built: ism (given), father's, grandfather's, family (laqab or
 * nisba), mother's name, kunya. Each part may be written in Arabic and in Latin.
 */
import { nameTokens, partToken, type NameToken } from './tokens.ts';

export const NAME_PARTS = ['given', 'father', 'grandfather', 'family', 'mother', 'kunya'] as const;
export type NamePart = (typeof NAME_PARTS)[number];

/** A part's value in each script (either may be missing). */
export type PartValue = { ar?: string; la?: string };
export type NameParts = Partial<Record<NamePart, PartValue>>;

/** The tokens a person is compared by: per part, the tokens of each script it is written in. */
export type PersonTokens = Partial<Record<NamePart, NameToken[]>>;

export function personTokens(parts: NameParts): PersonTokens {
  const out: PersonTokens = {};
  for (const part of NAME_PARTS) {
    const tokens = [parts[part]?.ar, parts[part]?.la]
      .map((text) => (text ? partToken(text) : null))
      .filter((t): t is NameToken => t !== null);
    if (tokens.length) out[part] = tokens;
  }
  return out;
}

/**
 * How the tokens of a full name may spread over the parts, most usual first: the ism first, the
 * family name last, the father's and grandfather's names between (a name of five words or more
 * keeps its first three and its last). A name of three words may also lack the family name.
 */
export function alignments(count: number): Array<Array<NamePart | null>> {
  if (count <= 0) return [];
  if (count === 1) return [['given'], ['family']];
  if (count === 2)
    return [
      ['given', 'family'],
      ['given', 'father']
    ];
  if (count === 3)
    return [
      ['given', 'father', 'family'],
      ['given', 'father', 'grandfather']
    ];
  return [['given', 'father', 'grandfather', ...Array<null>(count - 4).fill(null), 'family']];
}

/** The parts of a written full name under the usual reading (the first alignment). */
export function partsOfName(text: string): Partial<Record<NamePart, string>> {
  const words = text.trim().split(/\s+/u).filter(Boolean);
  const tokens = nameTokens(text);
  // Tokens join compounds (عبد الله); give each part the written words that made it.
  const out: Partial<Record<NamePart, string>> = {};
  const plan = alignments(tokens.length)[0] ?? [];
  let w = 0;
  plan.forEach((part, i) => {
    const taken: string[] = [];
    const target = tokens[i] as NameToken;
    while (w < words.length) {
      taken.push(words[w] as string);
      w++;
      const joined = partToken(taken.join(' '));
      if (joined && joined.key === target.key) break;
    }
    if (part) out[part] = taken.join(' ');
  });
  return out;
}
