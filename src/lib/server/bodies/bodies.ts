/**
 * Bodies: photographs of one collection grouped per body, with roles and an order, identifiers
 * verified by double entry (identifiers.ts), a detention branch (branches.ts), dates and notes.
 *
 * Invariants:
 * - An item belongs to at most one body: `body_items.item_id` is the key. A request that takes an
 *   item of another body is refused (409) unless it says it moves it; two requests racing for one
 *   item meet at the key and the second is refused the same way.
 * - A body's photos are ready items of the body's own collection; any other id is refused (400)
 *   before anything is written.
 * - Access follows the collection (auth/access/bodies.ts `bodyForUser`); observers write nothing; every
 *   write is audited in the transaction that makes it.
 */
import type { Transaction } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { BodiesTable, Database, UserRow } from '../db/schema.ts';
import type { BodyItemRole } from '../../model/bodies.ts';
import { readOnly } from '../../model/roles.ts';
import { audit } from '../audit/log.ts';
import { evaluationOfBody, type BodyEvaluation } from './evaluation.ts';
import { canAccessCollection } from '../collections/collections.ts';
import { newId } from '../ids.ts';
import type { CreateBodyInput } from './input.ts';
import { addEntry } from './identifiers.ts';
import { refuse, refusing, type Refusal } from './result.ts';

export type Executor = Db | Transaction<Database>;
export type BodyRow = BodiesTable;

export async function findBody(db: Executor, id: string): Promise<BodyRow | undefined> {
  return db.selectFrom('bodies').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A new, empty, open body of a collection. */
export async function insertBody(
  trx: Transaction<Database>,
  id: string,
  collectionId: string,
  actorId: string,
  now: number
): Promise<void> {
  await trx
    .insertInto('bodies')
    .values({
      id,
      collection_id: collectionId,
      branch_id: null,
      died_on: null,
      photographed_on: null,
      notes: '',
      status: 'open',
      merged_into: null,
      deleted_at: null,
      created_by: actorId,
      created_at: now,
      updated_at: now
    })
    .execute();
}

/** Why items cannot join a body of `collectionId`: not ready items of it (400), or in another body (409). */
export async function checkItems(
  db: Executor,
  collectionId: string,
  itemIds: string[],
  options: { bodyId?: string; move?: boolean } = {}
): Promise<Refusal | null> {
  if (itemIds.length === 0) return null;
  const items = await db
    .selectFrom('items')
    .select('id')
    .where('id', 'in', itemIds)
    .where('collection_id', '=', collectionId)
    .where('status', '=', 'ready')
    .execute();
  if (items.length !== itemIds.length)
    return refuse(400, 'Some item ids are not ready photos of this collection.');
  if (options.move) return null;
  let taken = db.selectFrom('body_items').select(['item_id', 'body_id']).where('item_id', 'in', itemIds);
  if (options.bodyId) taken = taken.where('body_id', '!=', options.bodyId);
  const rows = await taken.execute();
  if (rows.length > 0)
    return refuse(
      409,
      `${rows.length} of the photos already belong to another body (${rows.map((r) => r.item_id).join(', ')}).`
    );
  return null;
}

/** Appends photos to a body after its last one, with a role (default `other`). */
export async function appendItems(
  trx: Transaction<Database>,
  bodyId: string,
  items: Array<{ itemId: string; role: BodyItemRole }>
): Promise<void> {
  if (items.length === 0) return;
  const { max } = await trx
    .selectFrom('body_items')
    .select((eb) => eb.fn.max<number | null>('position').as('max'))
    .where('body_id', '=', bodyId)
    .executeTakeFirstOrThrow();
  const start = max === null ? 0 : Number(max) + 1;
  await trx
    .insertInto('body_items')
    .values(
      items.map((item, i) => ({
        item_id: item.itemId,
        body_id: bodyId,
        role: item.role,
        position: start + i
      }))
    )
    .execute();
}

export async function createBody(
  db: Db,
  actor: UserRow,
  input: CreateBodyInput,
  ip: string | null
): Promise<{ ok: true; id: string } | Refusal> {
  if (readOnly(actor)) return refuse(403, 'Observers do not group photographs.');
  if (!(await canAccessCollection(db, actor, input.collectionId))) return refuse(404, 'No such collection.');
  const refused = await checkItems(db, input.collectionId, input.itemIds);
  if (refused) return refused;
  const id = newId();
  const now = Date.now();
  return refusing(() =>
    db.transaction().execute(async (trx) => {
      await insertBody(trx, id, input.collectionId, actor.id, now);
      // The key on body_items.item_id is the guard against a concurrent body taking the same photo.
      await appendItems(
        trx,
        id,
        input.itemIds.map((itemId) => ({ itemId, role: 'other' as const }))
      );
      for (const identifier of input.identifiers)
        await addEntry(trx, actor, { id, collection_id: input.collectionId }, identifier, 'api');
      await audit(trx, {
        actorId: actor.id,
        action: 'body.create',
        target: id,
        details: { collectionId: input.collectionId, itemIds: input.itemIds, identifiers: input.identifiers },
        ip
      });
      return { ok: true, id } as const;
    })
  );
}

export type BodyView = {
  id: string;
  collectionId: string;
  items: Array<{ itemId: string; role: BodyItemRole; order: number }>;
  identifiers: IdentifierView[];
  branch: { id: string; number: string; nameAr: string; nameEn: string } | null;
  diedOn: string | null;
  photographedOn: string | null;
  notes: string;
  status: BodyRow['status'];
  mergedInto: string | null;
  createdAt: number;
  updatedAt: number;
  evaluation: BodyEvaluation | null;
};

export type IdentifierView = {
  id: string;
  kind: string;
  /** Null while the reader transcribes this body blind and has not entered it (identifiers.ts). */
  raw: string | null;
  normalized: string | null;
  status: string;
  itemId: string | null;
  region: string | null;
  entries: Array<{ userId: string; enteredAt: number }>;
};

/** The body as the API and the body page show it (`GET /api/bodies/:id`). */
export async function describeBody(
  db: Db,
  body: BodyRow,
  reader: Pick<UserRow, 'id'>,
  options: { blind?: boolean } = {}
): Promise<BodyView> {
  const [items, identifiers, entries, branch] = await Promise.all([
    db
      .selectFrom('body_items')
      .select(['item_id', 'role', 'position'])
      .where('body_id', '=', body.id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('body_identifiers')
      .selectAll()
      .where('body_id', '=', body.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('body_identifier_entries as e')
      .innerJoin('body_identifiers as i', 'i.id', 'e.identifier_id')
      .select(['e.identifier_id', 'e.user_id', 'e.entered_at'])
      .where('i.body_id', '=', body.id)
      .orderBy('e.entered_at')
      .execute(),
    body.branch_id
      ? db.selectFrom('branches').selectAll().where('id', '=', body.branch_id).executeTakeFirst()
      : undefined
  ]);
  return {
    id: body.id,
    collectionId: body.collection_id,
    items: items.map((i, n) => ({ itemId: i.item_id, role: i.role, order: n })),
    identifiers: identifiers.map((i) => {
      const own = entries.filter((e) => e.identifier_id === i.id);
      const hidden = options.blind && i.status !== 'verified' && !own.some((e) => e.user_id === reader.id);
      return {
        id: i.id,
        kind: i.kind,
        raw: hidden ? null : i.raw,
        normalized: hidden ? null : i.normalized,
        status: i.status,
        itemId: i.item_id,
        region: i.region,
        entries: own.map((e) => ({ userId: e.user_id, enteredAt: Number(e.entered_at) }))
      };
    }),
    branch: branch
      ? { id: branch.id, number: branch.number, nameAr: branch.name_ar, nameEn: branch.name_en }
      : null,
    diedOn: body.died_on,
    photographedOn: body.photographed_on,
    notes: body.notes,
    status: body.status,
    mergedInto: body.merged_into,
    createdAt: Number(body.created_at),
    updatedAt: Number(body.updated_at),
    evaluation: await evaluationOfBody(db, body.id)
  };
}
