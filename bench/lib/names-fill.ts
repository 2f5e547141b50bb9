/** The generated register written into a database as the app keys it (persons and person_keys). */
import type { Db } from '../../src/lib/server/db/connect.ts';
import { keyRows } from '../../src/lib/server/persons/keys.ts';
import { personTokens, type NameParts } from '../../src/lib/model/names/parts.ts';
import type { Generated, Random } from './names-register.ts';
import { transliterate } from './names-variations.ts';

function partsOf(p: Generated, random: Random): NameParts {
  const parts: NameParts = {
    given: { ar: p.given },
    father: { ar: p.father },
    grandfather: { ar: p.grandfather },
    family: { ar: p.family }
  };
  if (p.latin)
    for (const part of ['given', 'father', 'grandfather', 'family'] as const)
      parts[part]!.la = transliterate(parts[part]!.ar as string, random);
  return parts;
}

export async function fill(db: Db, collectionId: string, persons: Generated[], random: Random) {
  const now = Date.now();
  for (let i = 0; i < persons.length; i += 500) {
    const chunk = persons.slice(i, i + 500);
    await db.transaction().execute(async (trx) => {
      const rows = chunk.map((p) => ({ p, parts: partsOf(p, random) }));
      await trx
        .insertInto('persons')
        .values(
          rows.map(({ p, parts }) => ({
            id: p.id,
            collection_id: collectionId,
            name: [p.given, p.father, p.grandfather, p.family].join(' '),
            name_latin: null,
            parts: JSON.stringify(parts),
            tokens: JSON.stringify(personTokens(parts)),
            names_written: '[]',
            birth_date: null,
            birth_place: null,
            arrest_date: null,
            arrest_place: null,
            branch: null,
            notes: null,
            merged_into: null,
            created_by: null,
            created_at: now,
            updated_at: now
          }))
        )
        .execute();
      const keys = rows.flatMap(({ p, parts }) => keyRows(p.id, collectionId, parts));
      for (let k = 0; k < keys.length; k += 500)
        await trx
          .insertInto('person_keys')
          .values(keys.slice(k, k + 500))
          .execute();
    });
  }
}
