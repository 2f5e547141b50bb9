/**
 * Identifications: the hypothesis that a body is a person, `proposed → confirmed | excluded`.
 *
 * Invariants (a family is told nothing two qualified people have not confirmed):
 * - Only a person confirms: no code path here confirms on its own, and the number match only
 *   proposes (`proposeFromNumbers`, `proposed_by` null).
 * - A confirmation counts once per user (the primary key of `identification_confirmations`); the
 *   same user again is refused (409). The status becomes `confirmed` with the second DIFFERENT
 *   qualified user (roles.ts `confirmsIdentification`), so a proposer alone never confirms.
 * - Confirming and excluding take the hypothesis' row lock first, so two confirmations at once
 *   are counted one after the other and neither is lost.
 * - Person and body are of one collection; every change is audited in its own transaction.
 */
import { sql, type Selectable, type Transaction } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database, IdentificationStatus, IdentificationsTable, UserRow } from '../db/schema.ts';
import { audit } from '../audit/log.ts';
import { newId } from '../ids.ts';
import { confirmsIdentification } from '../../model/roles.ts';
import { isUniqueViolation, refuse, type Refusal } from '../bodies/result.ts';

/** What supports a hypothesis: an identifier match (from the record or a document), a mention, a note. */
export type Evidence =
  | { type: 'identifier'; identifierId: string; number: string; via: 'record' | 'document'; itemId?: string }
  | { type: 'mention'; mentionId: string; itemId: string }
  | { type: 'note'; text: string };

export const CONFIRMATIONS_NEEDED = 2;

export type IdentificationView = {
  id: string;
  personId: string;
  bodyId: string;
  status: IdentificationStatus;
  evidence: Evidence[];
  note: string | null;
  proposedBy: string | null;
  confirmations: Array<{ userId: string; at: number }>;
  excludedBy: string | null;
  excludeReason: string | null;
  createdAt: number;
  decidedAt: number | null;
};

type Executor = Db | Transaction<Database>;

function parseEvidence(json: string): Evidence[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? (value as Evidence[]) : [];
  } catch {
    return [];
  }
}

export type IdentificationRow = Selectable<IdentificationsTable>;

export async function findIdentification(db: Executor, id: string): Promise<IdentificationRow | undefined> {
  return db.selectFrom('identifications').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The hypotheses about a person (or about a body), with their confirmations. */
export async function identificationsOf(
  db: Db,
  where: { personIds: string[] } | { bodyId: string }
): Promise<IdentificationView[]> {
  let query = db.selectFrom('identifications').selectAll();
  query =
    'bodyId' in where
      ? query.where('body_id', '=', where.bodyId)
      : where.personIds.length
        ? query.where('person_id', 'in', where.personIds)
        : query.where(sql<boolean>`1 = 0`);
  const rows = await query.orderBy('created_at').orderBy('id').execute();
  if (!rows.length) return [];
  const confirmations = await db
    .selectFrom('identification_confirmations')
    .select(['identification_id', 'user_id', 'at'])
    .where(
      'identification_id',
      'in',
      rows.map((r) => r.id)
    )
    .orderBy('at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    personId: r.person_id,
    bodyId: r.body_id,
    status: r.status,
    evidence: parseEvidence(r.evidence),
    note: r.note,
    proposedBy: r.proposed_by,
    confirmations: confirmations
      .filter((c) => c.identification_id === r.id)
      .map((c) => ({ userId: c.user_id, at: Number(c.at) })),
    excludedBy: r.excluded_by,
    excludeReason: r.exclude_reason,
    createdAt: Number(r.created_at),
    decidedAt: r.decided_at === null ? null : Number(r.decided_at)
  }));
}

/** The evidence the numbers give for a person and a body: verified identifiers equal to their numbers. */
async function numberEvidence(db: Executor, personId: string, bodyId: string): Promise<Evidence[]> {
  const record = await db
    .selectFrom('person_numbers as n')
    .innerJoin('body_identifiers as bi', 'bi.normalized', 'n.normalized')
    .select(['bi.id', 'bi.normalized'])
    .where('n.person_id', '=', personId)
    .where('bi.body_id', '=', bodyId)
    .where('bi.kind', '=', 'detainee')
    .where('bi.status', '=', 'verified')
    .execute();
  const documents = await db
    .selectFrom('mentions as m')
    .innerJoin('body_identifiers as bi', 'bi.normalized', 'm.page_number')
    .select(['bi.id', 'bi.normalized', 'm.item_id'])
    .where('m.person_id', '=', personId)
    .where('bi.body_id', '=', bodyId)
    .where('bi.kind', '=', 'detainee')
    .where('bi.status', '=', 'verified')
    .execute();
  return [
    ...record.map((r) => ({
      type: 'identifier' as const,
      identifierId: r.id,
      number: r.normalized,
      via: 'record' as const
    })),
    ...documents.map((r) => ({
      type: 'identifier' as const,
      identifierId: r.id,
      number: r.normalized,
      via: 'document' as const,
      itemId: r.item_id
    }))
  ];
}

/** Writes a new hypothesis with the number evidence found (and a note), audited; unique per pair. */
async function insertProposal(
  db: Db,
  proposal: { collectionId: string; personId: string; bodyId: string; note?: string; by: string | null },
  ip: string | null
): Promise<string> {
  const id = newId();
  await db.transaction().execute(async (trx) => {
    const evidence: Evidence[] = await numberEvidence(trx, proposal.personId, proposal.bodyId);
    if (proposal.note) evidence.push({ type: 'note', text: proposal.note });
    await trx
      .insertInto('identifications')
      .values({
        id,
        collection_id: proposal.collectionId,
        person_id: proposal.personId,
        body_id: proposal.bodyId,
        status: 'proposed',
        evidence: JSON.stringify(evidence),
        note: proposal.note ?? null,
        proposed_by: proposal.by,
        created_at: Date.now(),
        decided_at: null,
        excluded_by: null,
        exclude_reason: null
      })
      .execute();
    await audit(trx, {
      actorId: proposal.by,
      action: 'identification.propose',
      target: id,
      details: {
        personId: proposal.personId,
        bodyId: proposal.bodyId,
        ...(proposal.by === null ? { by: 'number match' } : {})
      },
      ip
    });
  });
  return id;
}

/**
 * A person proposes that the body is the person (both already checked visible to them). The number
 * evidence is attached as found; 409 when the pair already has a hypothesis.
 */
export async function proposeIdentification(
  db: Db,
  actor: Pick<UserRow, 'id'>,
  input: {
    person: { id: string; collection_id: string };
    body: { id: string; collection_id: string };
    note?: string;
  },
  ip: string | null = null
): Promise<{ ok: true; id: string } | Refusal> {
  if (input.person.collection_id !== input.body.collection_id)
    return refuse(400, 'The person and the body belong to different collections.');
  try {
    const id = await insertProposal(
      db,
      {
        collectionId: input.person.collection_id,
        personId: input.person.id,
        bodyId: input.body.id,
        note: input.note,
        by: actor.id
      },
      ip
    );
    return { ok: true, id };
  } catch (err) {
    if (isUniqueViolation(err))
      return refuse(409, 'This body and this person already have an identification.');
    throw err;
  }
}

/** Takes the hypothesis' row lock (see the header), then reads it. */
async function lockIdentification(trx: Transaction<Database>, id: string) {
  await trx
    .updateTable('identifications')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('id', '=', id)
    .execute();
  return findIdentification(trx, id);
}

export async function confirmIdentification(
  db: Db,
  user: Pick<UserRow, 'id' | 'role' | 'expert'>,
  id: string,
  ip: string | null = null
): Promise<{ ok: true; status: IdentificationStatus; confirmations: number } | Refusal> {
  if (!confirmsIdentification(user))
    return refuse(403, 'Only forensic experts and coordinators confirm identifications.');
  return db.transaction().execute(async (trx) => {
    const row = await lockIdentification(trx, id);
    if (!row) return refuse(404, 'No such identification.');
    if (row.status !== 'proposed') return refuse(409, `This identification is already ${row.status}.`);
    const already = await trx
      .selectFrom('identification_confirmations')
      .select('user_id')
      .where('identification_id', '=', id)
      .execute();
    if (already.some((c) => c.user_id === user.id))
      return refuse(
        409,
        'You have already confirmed this identification: a second, different person must confirm it.'
      );
    const now = Date.now();
    await trx
      .insertInto('identification_confirmations')
      .values({ identification_id: id, user_id: user.id, at: now })
      .execute();
    const confirmations = already.length + 1;
    const status: IdentificationStatus = confirmations >= CONFIRMATIONS_NEEDED ? 'confirmed' : 'proposed';
    if (status === 'confirmed')
      await trx
        .updateTable('identifications')
        .set({ status, decided_at: now })
        .where('id', '=', id)
        .execute();
    await audit(trx, {
      actorId: user.id,
      action: status === 'confirmed' ? 'identification.confirmed' : 'identification.confirm',
      target: id,
      details: { personId: row.person_id, bodyId: row.body_id, confirmations },
      ip
    });
    return { ok: true, status, confirmations } as const;
  });
}

export async function excludeIdentification(
  db: Db,
  user: Pick<UserRow, 'id' | 'role' | 'expert'>,
  id: string,
  reason: string,
  ip: string | null = null
): Promise<{ ok: true; status: IdentificationStatus } | Refusal> {
  if (!confirmsIdentification(user))
    return refuse(403, 'Only forensic experts and coordinators exclude identifications.');
  return db.transaction().execute(async (trx) => {
    const row = await lockIdentification(trx, id);
    if (!row) return refuse(404, 'No such identification.');
    if (row.status !== 'proposed') return refuse(409, `This identification is already ${row.status}.`);
    await trx
      .updateTable('identifications')
      .set({ status: 'excluded', excluded_by: user.id, exclude_reason: reason, decided_at: Date.now() })
      .where('id', '=', id)
      .execute();
    await audit(trx, {
      actorId: user.id,
      action: 'identification.exclude',
      target: id,
      details: { personId: row.person_id, bodyId: row.body_id, reason },
      ip
    });
    return { ok: true, status: 'excluded' } as const;
  });
}

/**
 * The number match: every pair of a person and a body of the collection whose detainee number (in
 * the person's record, or on a page that names them) equals a VERIFIED detainee identifier of the
 * body, and that has no hypothesis yet, is proposed with that evidence. It only proposes.
 */
export async function proposeFromNumbers(db: Db, collectionId: string): Promise<string[]> {
  const numbers = db
    .selectFrom('person_numbers')
    .select(['person_id', 'normalized'])
    .where('collection_id', '=', collectionId)
    .union(
      db
        .selectFrom('mentions')
        .select([sql<string>`person_id`.as('person_id'), sql<string>`page_number`.as('normalized')])
        .where('collection_id', '=', collectionId)
        .where('person_id', 'is not', null)
        .where('page_number', 'is not', null)
    );
  const pairs = await db
    .selectFrom('body_identifiers as bi')
    .innerJoin('bodies as b', 'b.id', 'bi.body_id')
    .innerJoin(numbers.as('n'), 'n.normalized', 'bi.normalized')
    .innerJoin('persons as p', 'p.id', 'n.person_id')
    .leftJoin('identifications as i', (join) =>
      join.onRef('i.person_id', '=', 'n.person_id').onRef('i.body_id', '=', 'b.id')
    )
    .select(['n.person_id', 'b.id as body_id'])
    .distinct()
    .where('b.collection_id', '=', collectionId)
    .where('b.deleted_at', 'is', null)
    .where('b.merged_into', 'is', null)
    .where('p.merged_into', 'is', null)
    .where('bi.kind', '=', 'detainee')
    .where('bi.status', '=', 'verified')
    .where('i.id', 'is', null)
    .execute();
  const made: string[] = [];
  for (const pair of pairs) {
    try {
      made.push(
        await insertProposal(
          db,
          { collectionId, personId: pair.person_id, bodyId: pair.body_id, by: null },
          null
        )
      );
    } catch (err) {
      // Why: another request proposed the same pair in the meantime; its hypothesis stands.
      if (!isUniqueViolation(err)) throw err;
    }
  }
  return made;
}

/**
 * The body a detainee identifier names in a collection (any digit form), for proposing from the
 * person's page: exactly one body, or why not.
 */
export async function bodyByIdentifier(
  db: Db,
  collectionId: string,
  normalized: string
): Promise<{ ok: true; bodyId: string } | Refusal> {
  const rows = await db
    .selectFrom('body_identifiers as bi')
    .innerJoin('bodies as b', 'b.id', 'bi.body_id')
    .select('b.id')
    .distinct()
    .where('b.collection_id', '=', collectionId)
    .where('b.deleted_at', 'is', null)
    .where('bi.normalized', '=', normalized)
    .limit(2)
    .execute();
  if (rows.length === 0) return refuse(404, 'No body of this collection has this identifier.');
  if (rows.length > 1) return refuse(409, 'Several bodies have this identifier: propose by body id.');
  return { ok: true, bodyId: (rows[0] as { id: string }).id };
}
