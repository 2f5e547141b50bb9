/**
 * De-duplication of the register: a person merges a duplicate into another person, or marks two
 * persons as distinct. Nothing is merged by an algorithm (candidates.ts `findDuplicates` only
 * suggests). A merge is reversible: the duplicate keeps its row, its mentions and its numbers, and
 * only points to the person it was merged into (`merged_into`); unmerging clears the pointer.
 * Every decision is audited.
 */
import type { Db } from '../db/connect.ts';
import { audit } from '../audit/log.ts';
import { refuse, type Refusal } from '../bodies/result.ts';

type Done = { ok: true } | Refusal;

export async function mergePerson(
  db: Db,
  actorId: string,
  duplicateId: string,
  intoId: string,
  ip: string | null = null
): Promise<Done> {
  if (duplicateId === intoId) return refuse(400, 'A person cannot be merged into themselves.');
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('persons')
      .select(['id', 'collection_id', 'merged_into'])
      .where('id', 'in', [duplicateId, intoId])
      .execute();
    const duplicate = rows.find((r) => r.id === duplicateId);
    const into = rows.find((r) => r.id === intoId);
    // Why: a person of another collection must look like no person at all (see personForUser).
    if (!duplicate || !into || into.collection_id !== duplicate.collection_id)
      return refuse(404, 'No such person.');
    if (duplicate.merged_into !== null || into.merged_into !== null)
      return refuse(409, 'One of the two persons is already merged into another.');
    const target = await trx
      .selectFrom('persons')
      .select('id')
      .where('merged_into', '=', duplicateId)
      .executeTakeFirst();
    if (target)
      return refuse(409, 'Other persons were merged into this one: merge this one the other way round.');
    await trx
      .updateTable('persons')
      .set({ merged_into: intoId, updated_at: Date.now() })
      .where('id', '=', duplicateId)
      .execute();
    await audit(trx, { actorId, action: 'person.merge', target: duplicateId, details: { into: intoId }, ip });
    return { ok: true } as const;
  });
}

export async function unmergePerson(
  db: Db,
  actorId: string,
  duplicateId: string,
  ip: string | null = null
): Promise<Done> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('persons')
      .select(['merged_into'])
      .where('id', '=', duplicateId)
      .executeTakeFirst();
    if (!row) return refuse(404, 'No such person.');
    if (row.merged_into === null) return refuse(409, 'This person is not merged into another.');
    await trx
      .updateTable('persons')
      .set({ merged_into: null, updated_at: Date.now() })
      .where('id', '=', duplicateId)
      .execute();
    await audit(trx, {
      actorId,
      action: 'person.unmerge',
      target: duplicateId,
      details: { from: row.merged_into },
      ip
    });
    return { ok: true } as const;
  });
}

/** Marks two persons of one collection as not the same: they are no longer suggested as duplicates. */
export async function markDistinct(
  db: Db,
  actorId: string,
  aId: string,
  bId: string,
  ip: string | null = null
): Promise<Done> {
  if (aId === bId) return refuse(400, 'A person is not distinct from themselves.');
  const [a, b] = aId < bId ? [aId, bId] : [bId, aId];
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('persons')
      .select(['id', 'collection_id'])
      .where('id', 'in', [a, b])
      .execute();
    if (rows.length !== 2 || rows[0]!.collection_id !== rows[1]!.collection_id)
      return refuse(404, 'No such person.');
    const known = await trx
      .selectFrom('person_distinct')
      .select('a_id')
      .where('a_id', '=', a)
      .where('b_id', '=', b)
      .executeTakeFirst();
    if (known) return { ok: true } as const;
    await trx
      .insertInto('person_distinct')
      .values({ a_id: a, b_id: b, decided_by: actorId, decided_at: Date.now() })
      .execute();
    await audit(trx, { actorId, action: 'person.distinct', target: aId, details: { other: bId }, ip });
    return { ok: true } as const;
  });
}
