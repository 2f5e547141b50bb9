/**
 * Explainable name matching: a written name against a person's name parts, part by part.
 *
 * - Each part pair gets a similarity in [0, 1]: 1 for the same key (the same spelling, or two
 *   spellings of one known name); two different known names score at most 0.6 (حسن is not حسين);
 *   otherwise Jaro–Winkler over the Arabic spellings, or, when a Latin spelling is involved, over
 *   the consonant skeletons that bridge the scripts.
 * - The similarity becomes evidence: equal +1; close (a slip of the pen, a bridged transliteration) in proportion; different −1.
 *   A different father's name weighs half as much again (strong evidence of another person); a
 *   part missing on either side is no evidence either way.
 * - Parts weigh by kind (given, father, family 3; grandfather 1.5; mother, kunya 1) and by rarity:
 *   a name many persons of the register share counts less than a rare one.
 * - score = evidence / the weight the written name could have earned; band "likely" needs no
 *   differing part and agreement on the given name and one more of father, grandfather, family.
 * Reasons are message keys with their part, so that they translate.
 */
import { CmpStr } from 'cmpstr';
import { alignments, type NamePart, type PersonTokens } from './parts.ts';
import { nameTokens, type NameToken } from './tokens.ts';

export const BANDS = ['likely', 'possible', 'unlikely'] as const;
export type Band = (typeof BANDS)[number];
export type Verdict = 'equal' | 'variant' | 'similar' | 'differs';
export type Reason = { part: NamePart; verdict: Verdict };
export type Match = { score: number; band: Band; reasons: Reason[] };

const WEIGHT: Record<NamePart, number> = {
  given: 3,
  father: 3,
  grandfather: 1.5,
  family: 3,
  mother: 1,
  kunya: 1
};
const DIFFER_FACTOR: Partial<Record<NamePart, number>> = { father: 1.5 };
const CLOSE = 0.85;
/** Two spellings of one name: a known variant, or Latin and Arabic with one skeleton. */
const VARIANT = 0.95;
const LIKELY = 0.75;
const POSSIBLE = 0.4;

const jaroWinkler = CmpStr.create().setMetric('jaroWinkler');

/** Names repeat across a register: the same pair is compared again and again. Bounded. */
const memo = new Map<string, number>();
const MEMO_MAX = 100_000;

function jw(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  const key = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
  let value = memo.get(key);
  if (value === undefined) {
    if (memo.size >= MEMO_MAX) memo.clear();
    value = jaroWinkler.compare(a, b);
    memo.set(key, value);
  }
  return value;
}

/** Similarity of two tokens of one part (see the header). */
export function tokenSimilarity(a: NameToken, b: NameToken): number {
  if (a.key === b.key) return 1;
  if (a.known && b.known) return Math.min(0.6, jw(a.key, b.key));
  if (a.script === 'ar' && b.script === 'ar') return jw(a.key, b.key);
  if (a.skeleton !== '' && a.skeleton === b.skeleton) return 0.95;
  // Skeletons are short: a bridged comparison is never as sure as a same-script one.
  return 0.95 * jw(a.skeleton, b.skeleton);
}

function best(query: NameToken, candidates: NameToken[]): number {
  let top = 0;
  for (const c of candidates) top = Math.max(top, tokenSimilarity(query, c));
  return top;
}

function verdictOf(similarity: number, query: NameToken, person: NameToken[]): Verdict {
  if (similarity < CLOSE) return 'differs';
  if (person.some((t) => t.script === query.script && t.key === query.key)) return 'equal';
  return similarity >= VARIANT ? 'variant' : 'similar';
}

/** Equal +1, close in proportion, different −1 (see the header). */
function evidence(similarity: number): number {
  return similarity >= CLOSE ? (similarity - CLOSE) / (1 - CLOSE) : -1;
}

/** Rarity of a key in [0.3, 1]: `frequency` persons of `total` in the register carry it. */
export function rarity(frequency: number, total: number): number {
  if (total <= 1 || frequency <= 1) return 1;
  return 0.3 + (0.7 * Math.log(total / frequency)) / Math.log(total);
}

export type Frequencies = { total: number; of(token: NameToken): number };
const NO_FREQUENCIES: Frequencies = { total: 0, of: () => 0 };

function scoreAlignment(
  query: NameToken[],
  plan: Array<NamePart | null>,
  person: PersonTokens,
  freq: Frequencies
): Match {
  let earned = 0;
  let possible = 0;
  const reasons: Reason[] = [];
  plan.forEach((part, i) => {
    const token = query[i] as NameToken;
    if (!part) return;
    const weight = WEIGHT[part] * rarity(freq.of(token), freq.total);
    possible += weight;
    const theirs = person[part];
    if (!theirs) return;
    const similarity = best(token, theirs);
    const e = evidence(similarity);
    earned += e * weight * (e < 0 ? (DIFFER_FACTOR[part] ?? 1) : 1);
    reasons.push({ part, verdict: verdictOf(similarity, token, theirs) });
  });
  const score = possible > 0 ? earned / possible : 0;
  return { score, band: bandOf(score, reasons), reasons };
}

function bandOf(score: number, reasons: Reason[]): Band {
  const agrees = (part: NamePart) => reasons.some((r) => r.part === part && r.verdict !== 'differs');
  const differs = reasons.some((r) => r.verdict === 'differs');
  if (
    score >= LIKELY &&
    !differs &&
    agrees('given') &&
    (agrees('father') || agrees('family') || agrees('grandfather'))
  )
    return 'likely';
  return score >= POSSIBLE ? 'possible' : 'unlikely';
}

/** The best reading of a written name against one person (every alignment of its words tried). */
export function matchName(query: NameToken[] | string, person: PersonTokens, freq = NO_FREQUENCIES): Match {
  const tokens = typeof query === 'string' ? nameTokens(query) : query;
  let top: Match = { score: 0, band: 'unlikely', reasons: [] };
  let first = true;
  for (const plan of alignments(tokens.length)) {
    const m = scoreAlignment(tokens, plan, person, freq);
    if (first || m.score > top.score) top = m;
    first = false;
  }
  return { ...top, score: Math.max(0, Math.round(top.score * 1000) / 1000) };
}

/** Two persons of the register compared part by part (for de-duplication). */
export function matchPersons(a: PersonTokens, b: PersonTokens, freq = NO_FREQUENCIES): Match {
  let earned = 0;
  let possible = 0;
  const reasons: Reason[] = [];
  for (const part of Object.keys(WEIGHT) as NamePart[]) {
    const ours = a[part];
    const theirs = b[part];
    if (!ours || !theirs) continue;
    const weight = WEIGHT[part] * rarity(freq.of(ours[0] as NameToken), freq.total);
    const similarity = Math.max(...ours.map((t) => best(t, theirs)));
    const e = evidence(similarity);
    possible += weight;
    earned += e * weight * (e < 0 ? (DIFFER_FACTOR[part] ?? 1) : 1);
    reasons.push({ part, verdict: verdictOf(similarity, ours[0] as NameToken, theirs) });
  }
  const score = possible > 0 ? earned / possible : 0;
  return { score: Math.max(0, Math.round(score * 1000) / 1000), band: bandOf(score, reasons), reasons };
}
