/**
 * Splitting a body (some of its photos become a new body) and merging two bodies of one collection
 * (the other's photos and identifiers join this one; its row stays, `merged_into` this), each audited
 * and recorded in `body_operations` with exactly what it moved, so that the last one can be undone.
 *
 * Invariants:
 * - Only the last operation of a body is undone, and only while what it moved is still where it put
 *   it (nothing added to the split-off body, no photo or identifier moved on since): otherwise the
 *   undo would take away someone's later work, and it is refused (409).
 * - A body that was merged into another is not split, merged again or edited until the merge is undone.
 */
import type { Transaction } from 'kysely';
import type { Database, UserRow } from '../db/schema.ts';
import type { Db } from '../db/connect.ts';
import type { BodyItemRole } from '../../model/bodies.ts';
import { readOnly } from '../../model/roles.ts';
import { audit } from '../audit/log.ts';
import { newId } from '../ids.ts';
import { appendItems, findBody, insertBody, type BodyRow } from './bodies.ts';
import { refuse, RefusedError, refusing, type Refusal } from './result.ts';

type Moved = { itemId: string; role: BodyItemRole; position: number };
export type OperationDetails = { items: Moved[]; identifierIds: string[] };

const refuseIn = (status: Refusal['status'], error: string) => new RefusedError(refuse(status, error));

async function photosIn(trx: Transaction<Database>, bodyId: string): Promise<Moved[]> {
  const rows = await trx
    .selectFrom('body_items')
    .select(['item_id', 'role', 'position'])
    .where('body_id', '=', bodyId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ itemId: r.item_id, role: r.role, position: Number(r.position) }));
}

async function record(
  trx: Transaction<Database>,
  actor: UserRow,
  kind: 'split' | 'merge',
  bodyId: string,
  otherId: string,
  details: OperationDetails,
  ip: string | null
): Promise<void> {
  const row = await audit(trx, {
    actorId: actor.id,
    action: `body.${kind}`,
    target: bodyId,
    details: { other: otherId, ...details },
    ip
  });
  await trx
    .insertInto('body_operations')
    .values({
      id: newId(),
      body_id: bodyId,
      kind,
      other_body_id: otherId,
      details: JSON.stringify(details),
      audit_seq: row.seq,
      created_by: actor.id,
      created_at: row.at,
      undone_by: null,
      undone_at: null
    })
    .execute();
}

function writable(actor: UserRow, body: BodyRow): Refusal | null {
  if (readOnly(actor)) return refuse(403, 'Observers do not change bodies.');
  if (body.merged_into) return refuse(409, 'This body was merged into another.');
  return null;
}

/** Some photos of the body become a new body (roles and order kept); identifiers stay. */
export async function splitBody(
  db: Db,
  actor: UserRow,
  body: BodyRow,
  itemIds: string[],
  ip: string | null
): Promise<{ ok: true; id: string } | Refusal> {
  const refused = writable(actor, body);
  if (refused) return refused;
  return refusing(() =>
    db.transaction().execute(async (trx) => {
      const photos = await photosIn(trx, body.id);
      const wanted = new Set(itemIds);
      const moving = photos.filter((p) => wanted.has(p.itemId));
      if (moving.length !== wanted.size) throw refuseIn(400, 'itemIds must name photos of this body.');
      if (moving.length === photos.length)
        throw refuseIn(400, 'A split leaves at least one photo in the body.');
      const id = newId();
      const now = Date.now();
      await insertBody(trx, id, body.collection_id, actor.id, now);
      await trx.deleteFrom('body_items').where('item_id', 'in', itemIds).execute();
      await appendItems(trx, id, moving);
      await trx.updateTable('bodies').set({ updated_at: now }).where('id', '=', body.id).execute();
      await record(trx, actor, 'split', body.id, id, { items: moving, identifierIds: [] }, ip);
      return { ok: true, id } as const;
    })
  );
}

/** The other body (same collection) joins this one: its photos after this one's, its identifiers. */
export async function mergeBodies(
  db: Db,
  actor: UserRow,
  body: BodyRow,
  other: BodyRow,
  ip: string | null
): Promise<{ ok: true } | Refusal> {
  const refused = writable(actor, body) ?? writable(actor, other);
  if (refused) return refused;
  if (other.id === body.id) return refuse(400, 'A body is not merged into itself.');
  if (other.collection_id !== body.collection_id)
    return refuse(400, 'Only bodies of one collection are merged.');
  return refusing(() =>
    db.transaction().execute(async (trx) => {
      const moving = await photosIn(trx, other.id);
      const identifiers = await trx
        .selectFrom('body_identifiers')
        .select('id')
        .where('body_id', '=', other.id)
        .execute();
      const identifierIds = identifiers.map((i) => i.id);
      await trx.deleteFrom('body_items').where('body_id', '=', other.id).execute();
      await appendItems(trx, body.id, moving);
      if (identifierIds.length > 0)
        await trx
          .updateTable('body_identifiers')
          .set({ body_id: body.id })
          .where('id', 'in', identifierIds)
          .execute();
      const now = Date.now();
      await trx
        .updateTable('bodies')
        .set({ merged_into: body.id, updated_at: now })
        .where('id', '=', other.id)
        .execute();
      await trx.updateTable('bodies').set({ updated_at: now }).where('id', '=', body.id).execute();
      await record(trx, actor, 'merge', body.id, other.id, { items: moving, identifierIds }, ip);
      return { ok: true } as const;
    })
  );
}

/** Undoes the body's last split or merge (see the invariants above). */
export async function undoLastOperation(
  db: Db,
  actor: UserRow,
  body: BodyRow,
  ip: string | null
): Promise<{ ok: true; undone: 'split' | 'merge'; otherId: string } | Refusal> {
  const refused = writable(actor, body);
  if (refused) return refused;
  return refusing(() =>
    db.transaction().execute(async (trx) => {
      const last = await trx
        .selectFrom('body_operations')
        .selectAll()
        .where('body_id', '=', body.id)
        .orderBy('created_at', 'desc')
        .orderBy('audit_seq', 'desc')
        .executeTakeFirst();
      if (!last || last.undone_at !== null) throw refuseIn(409, 'This body has no split or merge to undo.');
      const details = JSON.parse(last.details) as OperationDetails;
      const other = await findBody(trx, last.other_body_id);
      if (!other) throw refuseIn(409, 'The other body is gone.');
      const movedIds = details.items.map((m) => m.itemId);
      const now = Date.now();
      if (last.kind === 'split') {
        const held = await photosIn(trx, other.id);
        const identifiers = await trx
          .selectFrom('body_identifiers')
          .select('id')
          .where('body_id', '=', other.id)
          .execute();
        if (
          other.deleted_at !== null ||
          other.merged_into ||
          identifiers.length > 0 ||
          !sameSet(
            held.map((h) => h.itemId),
            movedIds
          )
        )
          throw refuseIn(409, 'The split-off body has changed since: undo refused.');
        await trx.deleteFrom('body_items').where('body_id', '=', other.id).execute();
        await trx
          .updateTable('bodies')
          .set({ deleted_at: now, updated_at: now })
          .where('id', '=', other.id)
          .execute();
        await restoreInto(trx, body.id, details.items);
      } else {
        const here = new Set((await photosIn(trx, body.id)).map((p) => p.itemId));
        const ids = details.identifierIds;
        const stillHere =
          ids.length === 0
            ? []
            : await trx
                .selectFrom('body_identifiers')
                .select('id')
                .where('id', 'in', ids)
                .where('body_id', '=', body.id)
                .execute();
        if (
          other.merged_into !== body.id ||
          !movedIds.every((id) => here.has(id)) ||
          stillHere.length !== ids.length
        )
          throw refuseIn(409, 'The merged photos or identifiers have moved since: undo refused.');
        if (movedIds.length > 0)
          await trx.deleteFrom('body_items').where('item_id', 'in', movedIds).execute();
        await restoreInto(trx, other.id, details.items);
        if (ids.length > 0)
          await trx
            .updateTable('body_identifiers')
            .set({ body_id: other.id })
            .where('id', 'in', ids)
            .execute();
        await trx
          .updateTable('bodies')
          .set({ merged_into: null, updated_at: now })
          .where('id', '=', other.id)
          .execute();
      }
      await trx
        .updateTable('body_operations')
        .set({ undone_by: actor.id, undone_at: now })
        .where('id', '=', last.id)
        .execute();
      await audit(trx, {
        actorId: actor.id,
        action: `body.${last.kind}.undo`,
        target: body.id,
        details: { other: other.id, undoes: Number(last.audit_seq) },
        ip
      });
      return { ok: true, undone: last.kind, otherId: other.id } as const;
    })
  );
}

function sameSet(a: string[], b: string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && b.every((x) => set.has(x));
}

/** Photos back into a body at their former positions, then the body's order renumbered. */
async function restoreInto(trx: Transaction<Database>, bodyId: string, items: Moved[]): Promise<void> {
  const current = await photosIn(trx, bodyId);
  const merged = [...current.map((p) => ({ ...p, rank: 1 })), ...items.map((p) => ({ ...p, rank: 0 }))].sort(
    (x, y) => x.position - y.position || x.rank - y.rank
  );
  await trx.deleteFrom('body_items').where('body_id', '=', bodyId).execute();
  await appendItems(trx, bodyId, merged);
}
