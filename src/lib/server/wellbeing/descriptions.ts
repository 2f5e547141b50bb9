/**
 * Describe once: the one owner of `content_descriptions` and `queue_description_rules`.
 *
 * Invariants:
 * - A description is written by someone who may see its item or body and is not read-only; every
 *   write is audited in the same transaction (`description.item` / `description.body`).
 * - A description is never deleted, so once an item has one, a queue's rule "describe before
 *   submitting" stays met: the check before a submit cannot be undone by a race.
 * - Whoever reviews the item blind (auth/access/ `blindOn`, `blindOnBody`) neither reads an
 *   existing description nor overwrites it (they may write the first one); the routes enforce it.
 */
import * as v from 'valibot';
import { audit } from '../audit/log.ts';
import type { Db } from '../db/connect.ts';
import { SEVERITIES, type Severity } from '../../model/content-labels.ts';
import { checkRequest, type Check } from '../validate.ts';
import type { LabelTarget } from './labels.ts';

export const DESCRIPTION_MAX = 2000;

export type DescriptionInput = { visible: string; location: string; severity: Severity };
export type Description = DescriptionInput & {
  authorId: string | null;
  createdAt: number;
  updatedBy: string | null;
  updatedAt: number;
};

// eslint-disable-next-line no-control-regex -- control characters (but line breaks) are refused
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const text = (name: string) =>
  v.pipe(
    v.string(`${name} must be 1–${DESCRIPTION_MAX} characters`),
    v.trim(),
    v.minLength(1, `${name} must be 1–${DESCRIPTION_MAX} characters`),
    v.maxLength(DESCRIPTION_MAX, `${name} must be 1–${DESCRIPTION_MAX} characters`),
    v.check((s) => !CONTROL.test(s), `${name} must not contain control characters`)
  );

const DescriptionSchema = v.strictObject(
  {
    visible: text('visible'),
    location: text('location'),
    severity: v.picklist(SEVERITIES, `severity must be one of ${SEVERITIES.join(', ')}`)
  },
  'Send { "visible", "location", "severity" }.'
);

export function checkDescription(body: unknown): Check<DescriptionInput> {
  return checkRequest(DescriptionSchema, body);
}

export async function descriptionOf(db: Db, target: LabelTarget): Promise<Description | null> {
  const row = await db
    .selectFrom('content_descriptions')
    .selectAll()
    .where('target_kind', '=', target.kind)
    .where('target_id', '=', target.id)
    .executeTakeFirst();
  if (!row) return null;
  return {
    visible: row.visible,
    location: row.location,
    severity: Number(row.severity) as Severity,
    authorId: row.author_id,
    createdAt: Number(row.created_at),
    updatedBy: row.updated_by,
    updatedAt: Number(row.updated_at)
  };
}

/**
 * Writes the description. `firstOnly`: only when there is none yet (a blind reviewer's write), so
 * that it never replaces a text its writer may not read; false when one was already there.
 */
export async function writeDescription(
  db: Db,
  actorId: string,
  target: LabelTarget,
  input: DescriptionInput,
  options: { firstOnly: boolean; ip: string | null }
): Promise<boolean> {
  const now = Date.now();
  const text = { ...input, updated_by: actorId, updated_at: now };
  return db.transaction().execute(async (trx) => {
    const insert = trx.insertInto('content_descriptions').values({
      target_kind: target.kind,
      target_id: target.id,
      ...text,
      author_id: actorId,
      created_at: now
    });
    // The conflict clause decides in one statement, so two first writers cannot both win.
    const written = await insert
      .onConflict((oc) =>
        options.firstOnly
          ? oc.columns(['target_kind', 'target_id']).doNothing()
          : oc.columns(['target_kind', 'target_id']).doUpdateSet(text)
      )
      .executeTakeFirst();
    if (Number(written.numInsertedOrUpdatedRows ?? 0) === 0) return false;
    await audit(trx, { actorId, action: `description.${target.kind}`, target: target.id, ip: options.ip });
    return true;
  });
}

export async function requiresDescription(db: Db, queueId: string): Promise<boolean> {
  const row = await db
    .selectFrom('queue_description_rules')
    .select('required')
    .where('queue_id', '=', queueId)
    .executeTakeFirst();
  return row?.required === 1;
}

export async function setRequiresDescription(
  db: Db,
  actorId: string,
  queueId: string,
  required: boolean,
  ip: string | null
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('queue_description_rules')
      .values({ queue_id: queueId, required: required ? 1 : 0 })
      .onConflict((oc) => oc.column('queue_id').doUpdateSet({ required: required ? 1 : 0 }))
      .execute();
    await audit(trx, {
      actorId,
      action: 'queue.description_rule',
      target: queueId,
      details: { required },
      ip
    });
  });
}

/** Is this assignment's item still undescribed in a queue that requires a description before submitting? */
export async function submitNeedsDescription(db: Db, assignmentId: string): Promise<boolean> {
  const row = await db
    .selectFrom('assignments as a')
    .innerJoin('queue_description_rules as r', 'r.queue_id', 'a.queue_id')
    .leftJoin('content_descriptions as d', (join) =>
      join.onRef('d.target_id', '=', 'a.item_id').on('d.target_kind', '=', 'item')
    )
    .select('d.target_id')
    .where('a.id', '=', assignmentId)
    .where('r.required', '=', 1)
    .executeTakeFirst();
  return row !== undefined && row.target_id === null;
}
