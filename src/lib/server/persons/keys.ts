/**
 * The matching keys of a person, precomputed (`person_keys`) so that candidates are found through
 * an index: per part and script, the token's key (`k:` canonical id or normalised spelling) and its
 * consonant skeleton (`s:`, which lets Arabic and Latin spellings meet).
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { NAME_PARTS, personTokens, type NameParts } from '../../model/names/parts.ts';
import type { NameToken } from '../../model/names/tokens.ts';

export const tokenKeys = (token: NameToken): string[] =>
  token.skeleton ? [`k:${token.key}`, `s:${token.skeleton}`] : [`k:${token.key}`];

export function keyRows(personId: string, collectionId: string, parts: NameParts) {
  const tokens = personTokens(parts);
  const rows = new Map<string, { person_id: string; collection_id: string; part: string; key: string }>();
  for (const part of NAME_PARTS)
    for (const token of tokens[part] ?? [])
      for (const key of tokenKeys(token))
        rows.set(`${part} ${key}`, { person_id: personId, collection_id: collectionId, part, key });
  return [...rows.values()];
}

export async function writeKeys(
  trx: Transaction<Database>,
  personId: string,
  collectionId: string,
  parts: NameParts
): Promise<void> {
  await trx.deleteFrom('person_keys').where('person_id', '=', personId).execute();
  const rows = keyRows(personId, collectionId, parts);
  if (rows.length) await trx.insertInto('person_keys').values(rows).execute();
}
