/**
 * Candidates for a written name in a collection's register, best first, each with its score, band
 * and reasons. Blocking, then scoring: the index on `person_keys` yields the persons that share a
 * key or a skeleton with the name (most shared first, at most SHORTLIST), and only those are scored
 * part by part (model/names/score.ts), with frequencies taken from the register itself. A name
 * misspelt in every part shares no key with anyone and finds no candidate: that is the price of
 * answering in milliseconds over 50,000 persons.
 */
import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { PersonTokens } from '../../model/names/parts.ts';
import {
  matchName,
  matchPersons,
  type Band,
  type Frequencies,
  type Reason
} from '../../model/names/score.ts';
import { nameTokens, type NameToken } from '../../model/names/tokens.ts';
import { tokenKeys } from './keys.ts';
import { parseTokensJson, personsByNumber } from './register.ts';

export const SHORTLIST = 200;
export const CANDIDATES_MAX = 50;
/** Words of a written name that are looked at (a name of more words is a sentence, not a name). */
const WORDS_MAX = 8;

export type Candidate = { personId: string; name: string; score: number; band: Band; reasons: Reason[] };

/**
 * Keys carried by more rows than this are not used to find the shortlist (they still score): a
 * query for محمد must not read every Muhammad of a register of 50,000. A name made only of such
 * keys is looked up by its rarest one.
 */
const BLOCK_MAX = 2_000;

/** How many key rows of the collection carry each key (an index-only count). */
async function keyCounts(db: Db, collectionId: string, keys: string[]): Promise<Map<string, number>> {
  if (!keys.length) return new Map();
  const rows = await db
    .selectFrom('person_keys')
    .select(['key', (eb) => eb.fn.countAll<number>().as('n')])
    .where('collection_id', '=', collectionId)
    .where('key', 'in', keys)
    .groupBy('key')
    .execute();
  return new Map(rows.map((r) => [r.key, Number(r.n)]));
}

type Lookup = { counts: Map<string, number>; freq: Frequencies };

/** The key counts of the tokens, and the frequencies the scoring weighs by. */
async function lookup(db: Db, collectionId: string, tokens: NameToken[]): Promise<Lookup> {
  const [counts, total] = await Promise.all([
    keyCounts(db, collectionId, [...new Set(tokens.flatMap(tokenKeys))]),
    db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('collection_id', '=', collectionId)
      .executeTakeFirstOrThrow()
  ]);
  return { counts, freq: { total: Number(total.n), of: (token) => counts.get(`k:${token.key}`) ?? 0 } };
}

/** Persons sharing the most blocking keys with the tokens (merged duplicates left out). */
async function shortlist(
  db: Db,
  collectionId: string,
  tokens: NameToken[],
  counts: Map<string, number>,
  exclude?: string
) {
  const present = [...new Set(tokens.flatMap(tokenKeys))].filter((k) => counts.has(k));
  if (!present.length) return [];
  const rare = present.filter((k) => (counts.get(k) ?? 0) <= BLOCK_MAX);
  const keys = rare.length
    ? rare
    : [present.reduce((a, b) => ((counts.get(a) ?? 0) <= (counts.get(b) ?? 0) ? a : b))];
  const ids = db
    .selectFrom('person_keys')
    .select(['person_id', sql<number>`count(*)`.as('hits')])
    .where('collection_id', '=', collectionId)
    .where('key', 'in', keys)
    .groupBy('person_id')
    .orderBy('hits', 'desc')
    .limit(SHORTLIST);
  let query = db
    .selectFrom(ids.as('s'))
    .innerJoin('persons as p', 'p.id', 's.person_id')
    .select(['p.id', 'p.name', 'p.tokens'])
    .where('p.merged_into', 'is', null);
  if (exclude) query = query.where('p.id', '!=', exclude);
  return query.execute();
}

function ranked<T extends { score: number; name: string }>(list: T[], limit: number): T[] {
  return list.sort((a, b) => b.score - a.score || a.name.localeCompare(b.name)).slice(0, limit);
}

export async function findCandidates(
  db: Db,
  collectionId: string,
  name: string,
  limit = 10
): Promise<Candidate[]> {
  const tokens = nameTokens(name).slice(0, WORDS_MAX);
  if (!tokens.length) return [];
  const { counts, freq } = await lookup(db, collectionId, tokens);
  const rows = await shortlist(db, collectionId, tokens, counts);
  const scored = rows.map((row) => {
    const m = matchName(tokens, parseTokensJson(row.tokens), freq);
    return { personId: row.id, name: row.name, ...m };
  });
  // Unlikely ones stay in the list: "father's name differs" is an answer a person needs to see.
  return ranked(scored, Math.min(limit, CANDIDATES_MAX));
}

/** Persons of the register who may be the same as this one (de-duplication), best first. */
export async function findDuplicates(
  db: Db,
  person: { id: string; collection_id: string; tokens: string },
  limit = 10
): Promise<Candidate[]> {
  const mine: PersonTokens = parseTokensJson(person.tokens);
  const tokens = Object.values(mine).flat();
  const { counts, freq } = await lookup(db, person.collection_id, tokens);
  const [rows, distinct] = await Promise.all([
    shortlist(db, person.collection_id, tokens, counts, person.id),
    db
      .selectFrom('person_distinct')
      .select(['a_id', 'b_id'])
      .where((eb) => eb.or([eb('a_id', '=', person.id), eb('b_id', '=', person.id)]))
      .execute()
  ]);
  const apart = new Set(distinct.flatMap((d) => [d.a_id, d.b_id]));
  const scored = rows
    .filter((row) => !apart.has(row.id))
    .map((row) => ({
      personId: row.id,
      name: row.name,
      ...matchPersons(mine, parseTokensJson(row.tokens), freq)
    }));
  return ranked(
    scored.filter((c) => c.band !== 'unlikely'),
    limit
  );
}

export type RegisterHit = {
  id: string;
  name: string;
  nameLatin?: string | null;
  score?: number;
  band?: Band;
};

/** The register searched by a detainee number (any digit form) or a name (likely and possible ones). */
export async function searchRegister(db: Db, collectionId: string, q: string): Promise<RegisterHit[]> {
  const [byNumber, byName] = await Promise.all([
    personsByNumber(db, collectionId, q),
    findCandidates(db, collectionId, q, CANDIDATES_MAX)
  ]);
  const seen = new Set(byNumber.map((p) => p.id));
  return [
    ...byNumber.map((p) => ({ id: p.id, name: p.name, nameLatin: p.nameLatin })),
    ...byName
      .filter((c) => c.band !== 'unlikely' && !seen.has(c.personId))
      .map((c) => ({ id: c.personId, name: c.name, score: c.score, band: c.band }))
  ];
}
