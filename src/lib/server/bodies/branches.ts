/**
 * The lookup table of detention branches (number, Arabic and English names), one for the instance:
 * everyone signed in reads it, coordinators and admins (`model/roles.ts oversees`) edit it. A number
 * is unique in normal form (`فرع ٢١٥` and `215` are not two branches); a branch a body names is not
 * deleted. Every change audited.
 */
import type { Db } from '../db/connect.ts';
import type { BranchesTable, UserRow } from '../db/schema.ts';
import { normalizeIdentifier } from '../../model/identifiers.ts';
import { oversees } from '../../model/roles.ts';
import { audit } from '../audit/log.ts';
import { newId } from '../ids.ts';
import type { BranchInput } from './input.ts';
import { isUniqueViolation, refuse, type Refusal } from './result.ts';

export type Branch = { id: string; number: string; nameAr: string; nameEn: string };

const describe = (b: BranchesTable): Branch => ({
  id: b.id,
  number: b.number,
  nameAr: b.name_ar,
  nameEn: b.name_en
});
const DUPLICATE = () => refuse(409, 'A branch with this number exists already.');

export async function listBranches(db: Db): Promise<Branch[]> {
  const rows = await db.selectFrom('branches').selectAll().orderBy('number_normalized').execute();
  return rows.map(describe);
}

export async function createBranch(
  db: Db,
  actor: UserRow,
  input: BranchInput,
  ip: string | null
): Promise<{ ok: true; branch: Branch } | Refusal> {
  if (!oversees(actor)) return refuse(403, 'Only coordinators edit the branches.');
  const now = Date.now();
  const row: BranchesTable = {
    id: newId(),
    number: input.number,
    number_normalized: normalizeIdentifier(input.number),
    name_ar: input.nameAr,
    name_en: input.nameEn,
    created_at: now,
    updated_at: now
  };
  try {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('branches').values(row).execute();
      await audit(trx, {
        actorId: actor.id,
        action: 'branch.create',
        target: row.id,
        details: describe(row),
        ip
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) return DUPLICATE();
    throw err;
  }
  return { ok: true, branch: describe(row) };
}

export async function updateBranch(
  db: Db,
  actor: UserRow,
  id: string,
  input: Partial<BranchInput>,
  ip: string | null
): Promise<{ ok: true; branch: Branch } | Refusal> {
  if (!oversees(actor)) return refuse(403, 'Only coordinators edit the branches.');
  const before = await db.selectFrom('branches').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) return refuse(404, 'No such branch.');
  const after: BranchesTable = {
    ...before,
    ...(input.number !== undefined && {
      number: input.number,
      number_normalized: normalizeIdentifier(input.number)
    }),
    ...(input.nameAr !== undefined && { name_ar: input.nameAr }),
    ...(input.nameEn !== undefined && { name_en: input.nameEn }),
    updated_at: Date.now()
  };
  try {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('branches').set(after).where('id', '=', id).execute();
      await audit(trx, {
        actorId: actor.id,
        action: 'branch.update',
        target: id,
        details: { before: describe(before), after: describe(after) },
        ip
      });
    });
  } catch (err) {
    if (isUniqueViolation(err)) return DUPLICATE();
    throw err;
  }
  return { ok: true, branch: describe(after) };
}

export async function deleteBranch(
  db: Db,
  actor: UserRow,
  id: string,
  ip: string | null
): Promise<{ ok: true } | Refusal> {
  if (!oversees(actor)) return refuse(403, 'Only coordinators edit the branches.');
  const before = await db.selectFrom('branches').selectAll().where('id', '=', id).executeTakeFirst();
  if (!before) return refuse(404, 'No such branch.');
  const used = await db.selectFrom('bodies').select('id').where('branch_id', '=', id).executeTakeFirst();
  if (used) return refuse(409, 'Bodies name this branch: change them first.');
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('branches').where('id', '=', id).execute();
    await audit(trx, {
      actorId: actor.id,
      action: 'branch.delete',
      target: id,
      details: describe(before),
      ip
    });
  });
  return { ok: true };
}
