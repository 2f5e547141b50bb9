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
import { parseTokensJson } from './register.ts';

export const SHORTLIST = 200;
export const CANDIDATES_MAX = 50;
/** Words of a written name that are looked at (a name of more words is a sentence, not a name). */
const WORDS_MAX = 8;

export type Candidate = { personId: string; name: string; score: number; band: Band; reasons: Reason[] };

/** How many persons of the collection carry each `k:` key, and how many persons there are. */
export async function frequencies(db: Db, collectionId: string, tokens: NameToken[]): Promise<Frequencies> {
  const keys = [...new Set(tokens.map((t) => `k:${t.key}`))];
  const [counts, total] = await Promise.all([
    keys.length
      ? db
          .selectFrom('person_keys')
          .select(['key', (eb) => eb.fn.count<number>('person_id').distinct().as('n')])
          .where('collection_id', '=', collectionId)
          .where('key', 'in', keys)
          .groupBy('key')
          .execute()
      : [],
    db
      .selectFrom('persons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('collection_id', '=', collectionId)
      .executeTakeFirstOrThrow()
  ]);
  const byKey = new Map(counts.map((c) => [c.key, Number(c.n)]));
  return { total: Number(total.n), of: (token) => byKey.get(`k:${token.key}`) ?? 0 };
}

/** Persons sharing the most keys with the tokens (merged duplicates left out). */
async function shortlist(db: Db, collectionId: string, tokens: NameToken[], exclude?: string) {
  const keys = [...new Set(tokens.flatMap(tokenKeys))];
  if (!keys.length) return [];
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
  const [rows, freq] = await Promise.all([
    shortlist(db, collectionId, tokens),
    frequencies(db, collectionId, tokens)
  ]);
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
  const [rows, freq, distinct] = await Promise.all([
    shortlist(db, person.collection_id, tokens, person.id),
    frequencies(db, person.collection_id, tokens),
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
