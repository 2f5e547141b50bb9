/**
 * Changing a body: its photos (add, remove, move from another body, roles and order), branch, dates,
 * notes, status; and deleting it. The invariants of bodies.ts hold: one body per photo (a photo of
 * another body moves only when the request says so, and the key refuses a racing second body),
 * photos of the body's own collection only, observers write nothing, every change audited with what
 * it replaced.
 */
import type { Transaction } from 'kysely';
import type { Database, UserRow } from '../db/schema.ts';
import type { Db } from '../db/connect.ts';
import type { BodyItemRole } from '../../model/bodies.ts';
import { readOnly } from '../../model/roles.ts';
import { audit } from '../audit/log.ts';
import { appendItems, checkItems, type BodyRow } from './bodies.ts';
import type { PatchBodyInput } from './input.ts';
import { refuse, RefusedError, refusing, type Refusal } from './result.ts';

type Photo = { itemId: string; role: BodyItemRole };

async function photosOf(trx: Transaction<Database>, bodyId: string): Promise<Photo[]> {
  const rows = await trx
    .selectFrom('body_items')
    .select(['item_id', 'role'])
    .where('body_id', '=', bodyId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ itemId: r.item_id, role: r.role }));
}

/** Takes photos out of whichever other bodies hold them; returns where each came from. */
async function takeFromOthers(trx: Transaction<Database>, bodyId: string, itemIds: string[]) {
  if (itemIds.length === 0) return [];
  const held = await trx
    .selectFrom('body_items')
    .select(['item_id', 'body_id'])
    .where('item_id', 'in', itemIds)
    .where('body_id', '!=', bodyId)
    .execute();
  if (held.length > 0)
    await trx
      .deleteFrom('body_items')
      .where(
        'item_id',
        'in',
        held.map((h) => h.item_id)
      )
      .execute();
  return held.map((h) => ({ itemId: h.item_id, fromBody: h.body_id }));
}

/** The body's photos become exactly `photos`, in that order. */
async function replacePhotos(trx: Transaction<Database>, bodyId: string, photos: Photo[]): Promise<void> {
  await trx.deleteFrom('body_items').where('body_id', '=', bodyId).execute();
  await appendItems(trx, bodyId, photos);
}

export async function patchBody(
  db: Db,
  actor: UserRow,
  body: BodyRow,
  input: PatchBodyInput,
  ip: string | null,
  /** The evaluation's own rule (its owner is the evaluation module): may the body be marked evaluated? */
  evaluationComplete: () => Promise<boolean>
): Promise<{ ok: true } | Refusal> {
  if (readOnly(actor)) return refuse(403, 'Observers do not change bodies.');
  if (body.merged_into) return refuse(409, 'This body was merged into another: change that one.');
  const incoming = input.items?.map((i) => i.itemId) ?? input.addItemIds ?? [];
  const refused = await checkItems(db, body.collection_id, incoming, { bodyId: body.id, move: input.move });
  if (refused) return refused;
  if (input.branchId) {
    const branch = await db
      .selectFrom('branches')
      .select('id')
      .where('id', '=', input.branchId)
      .executeTakeFirst();
    if (!branch) return refuse(400, 'branchId must name a branch of the lookup table.');
  }
  if (input.status === 'evaluated' && body.status !== 'evaluated' && !(await evaluationComplete()))
    return refuse(409, 'The overall evaluation is not complete: the body cannot be marked evaluated.');
  return refusing(() =>
    db.transaction().execute(async (trx) => {
      const before = await photosOf(trx, body.id);
      const details: Record<string, unknown> = {};
      if (input.items || input.addItemIds || input.removeItemIds) {
        const moved = input.move ? await takeFromOthers(trx, body.id, incoming) : [];
        let after: Photo[];
        if (input.items) after = input.items;
        else {
          const removed = new Set(input.removeItemIds ?? []);
          const here = new Set(before.map((p) => p.itemId));
          if ([...removed].some((id) => !here.has(id)))
            throw new RefusedError(refuse(400, 'removeItemIds must name photos of this body.'));
          after = [
            ...before.filter((p) => !removed.has(p.itemId)),
            ...(input.addItemIds ?? [])
              .filter((id) => !here.has(id))
              .map((itemId) => ({ itemId, role: 'other' as const }))
          ];
        }
        if (after.length === 0)
          throw new RefusedError(refuse(400, 'A body keeps at least one photo: delete the body instead.'));
        // The key on body_items.item_id refuses a photo another body took since checkItems.
        await replacePhotos(trx, body.id, after);
        Object.assign(details, { itemsBefore: before, itemsAfter: after, moved });
      }
      const set: Partial<BodyRow> = {};
      if (input.branchId !== undefined) set.branch_id = input.branchId;
      if (input.diedOn !== undefined) set.died_on = input.diedOn;
      if (input.photographedOn !== undefined) set.photographed_on = input.photographedOn;
      if (input.notes !== undefined) set.notes = input.notes;
      if (input.status !== undefined) set.status = input.status;
      for (const key of Object.keys(set) as Array<keyof typeof set>)
        details[key] = { before: body[key], after: set[key] };
      await trx
        .updateTable('bodies')
        .set({ ...set, updated_at: Date.now() })
        .where('id', '=', body.id)
        .execute();
      await audit(trx, { actorId: actor.id, action: 'body.update', target: body.id, details, ip });
      return { ok: true } as const;
    })
  );
}

/**
 * Deletes a body: its photos are free to group again; the row and its identifiers are kept (marked
 * deleted), and the audit row lists the photos it held.
 */
export async function deleteBody(
  db: Db,
  actor: UserRow,
  body: BodyRow,
  ip: string | null
): Promise<{ ok: true } | Refusal> {
  if (readOnly(actor)) return refuse(403, 'Observers do not delete bodies.');
  await db.transaction().execute(async (trx) => {
    const photos = await photosOf(trx, body.id);
    await trx.deleteFrom('body_items').where('body_id', '=', body.id).execute();
    const now = Date.now();
    await trx
      .updateTable('bodies')
      .set({ deleted_at: now, updated_at: now })
      .where('id', '=', body.id)
      .execute();
    await audit(trx, {
      actorId: actor.id,
      action: 'body.delete',
      target: body.id,
      details: { items: photos },
      ip
    });
  });
  return { ok: true };
}
