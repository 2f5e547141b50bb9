/**
 * The register of persons: create, read, list. A person belongs to a collection and is seen
 * exactly by those who see the collection (the rule is `personForUser` in auth/access/persons.ts);
 * every function here trusts the caller to have asked it. Every write is audited in its own
 * transaction.
 */
import type { Db } from '../db/connect.ts';
import type { PersonsTable } from '../db/schema.ts';
import type { Selectable } from 'kysely';
import { audit } from '../audit/log.ts';
import { newId } from '../ids.ts';
import { personTokens, type NameParts, type PersonTokens } from '../../model/names/parts.ts';
import { normalizeIdentifier } from '../../model/identifiers.ts';
import { proposeFromNumbers } from './identifications.ts';
import { resolveParts, type NewPersonInput } from './input.ts';
import { writeKeys } from './keys.ts';

export type PersonRow = Selectable<PersonsTable>;

export type Person = {
  id: string;
  collectionId: string;
  name: string;
  nameLatin: string | null;
  nameParts: NameParts;
  namesWritten: Array<{ text: string; source: string | null }>;
  birthDate: string | null;
  birthPlace: string | null;
  arrestDate: string | null;
  arrestPlace: string | null;
  branch: string | null;
  detaineeNumbers: Array<{ raw: string; normalized: string }>;
  notes: string | null;
  mergedInto: string | null;
  createdAt: number;
};

export function parsePartsJson(json: string): NameParts {
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' ? (value as NameParts) : {};
  } catch {
    return {};
  }
}

function parseWritten(json: string): Person['namesWritten'] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? (value as Person['namesWritten']) : [];
  } catch {
    return [];
  }
}

/** The stored matcher tokens of a person (see PersonsTable.tokens). */
export function parseTokensJson(json: string): PersonTokens {
  try {
    const value = JSON.parse(json) as unknown;
    return value && typeof value === 'object' ? (value as PersonTokens) : {};
  } catch {
    return {};
  }
}

export async function createPerson(
  db: Db,
  actorId: string,
  input: NewPersonInput,
  ip: string | null = null
): Promise<{ id: string }> {
  const id = newId();
  const now = Date.now();
  const parts = resolveParts(input);
  const numbers = new Map<string, string>();
  for (const raw of input.detaineeNumbers) {
    const normalized = normalizeIdentifier(raw);
    if (normalized && !numbers.has(normalized)) numbers.set(normalized, raw);
  }
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('persons')
      .values({
        id,
        collection_id: input.collectionId,
        name: input.name,
        name_latin: input.nameLatin ?? null,
        parts: JSON.stringify(parts),
        tokens: JSON.stringify(personTokens(parts)),
        names_written: JSON.stringify(
          input.namesWritten.map((w) => ({ text: w.text, source: w.source ?? null }))
        ),
        birth_date: input.birthDate ?? null,
        birth_place: input.birthPlace ?? null,
        arrest_date: input.arrestDate ?? null,
        arrest_place: input.arrestPlace ?? null,
        branch: input.branch ?? null,
        notes: input.notes ?? null,
        merged_into: null,
        created_by: actorId,
        created_at: now,
        updated_at: now
      })
      .execute();
    await writeKeys(trx, id, input.collectionId, parts);
    if (numbers.size)
      await trx
        .insertInto('person_numbers')
        .values(
          [...numbers].map(([normalized, raw]) => ({
            person_id: id,
            collection_id: input.collectionId,
            raw,
            normalized
          }))
        )
        .execute();
    await audit(trx, {
      actorId,
      action: 'person.create',
      target: id,
      details: { collectionId: input.collectionId },
      ip
    });
  });
  // A number in the record may equal a verified body identifier: propose (never confirm) at once.
  if (numbers.size) await proposeFromNumbers(db, input.collectionId);
  return { id };
}

export async function findPersonRow(db: Db, id: string): Promise<PersonRow | undefined> {
  return db.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function toPerson(db: Db, row: PersonRow): Promise<Person> {
  const numbers = await db
    .selectFrom('person_numbers')
    .select(['raw', 'normalized'])
    .where('person_id', '=', row.id)
    .orderBy('normalized')
    .execute();
  return {
    id: row.id,
    collectionId: row.collection_id,
    name: row.name,
    nameLatin: row.name_latin,
    nameParts: parsePartsJson(row.parts),
    namesWritten: parseWritten(row.names_written),
    birthDate: row.birth_date,
    birthPlace: row.birth_place,
    arrestDate: row.arrest_date,
    arrestPlace: row.arrest_place,
    branch: row.branch,
    detaineeNumbers: numbers,
    notes: row.notes,
    mergedInto: row.merged_into,
    createdAt: Number(row.created_at)
  };
}

export type PersonSummary = { id: string; name: string; nameLatin: string | null; mergedInto: string | null };

/** The register of a collection in name order (merged duplicates left out), a page at a time. */
export async function listPersons(
  db: Db,
  collectionId: string,
  limit = 100,
  offset = 0
): Promise<PersonSummary[]> {
  const rows = await db
    .selectFrom('persons')
    .select(['id', 'name', 'name_latin', 'merged_into'])
    .where('collection_id', '=', collectionId)
    .where('merged_into', 'is', null)
    .orderBy('name')
    .orderBy('id')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, nameLatin: r.name_latin, mergedInto: r.merged_into }));
}

/** Persons of a collection holding a detainee number (any digit form: ٢١٥ finds 215). */
export async function personsByNumber(
  db: Db,
  collectionId: string,
  number: string
): Promise<PersonSummary[]> {
  const normalized = normalizeIdentifier(number);
  if (!normalized) return [];
  const rows = await db
    .selectFrom('person_numbers as n')
    .innerJoin('persons as p', 'p.id', 'n.person_id')
    .select(['p.id', 'p.name', 'p.name_latin', 'p.merged_into'])
    .where('n.collection_id', '=', collectionId)
    .where('n.normalized', '=', normalized)
    .where('p.merged_into', 'is', null)
    .orderBy('p.name')
    .limit(100)
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, nameLatin: r.name_latin, mergedInto: r.merged_into }));
}
