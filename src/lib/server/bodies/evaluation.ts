/**
 * The overall evaluation of a body: written only through the body's room (`body/<id>`), by the
 * experts on the page or by the REST PUT as one server edit of that document — one writer, one
 * schema (model/document/evaluation.ts). The table `body_evaluations` is its projection.
 *
 * Invariants:
 * - Only experts write it (roles.ts `evaluatesBodies`); the socket validator refuses everyone else.
 * - Whether a body may be marked "evaluated" is decided on the live document, not the projection,
 *   which trails an edit by up to a second: an expert who has just finished must not be refused.
 */
import type * as Y from 'yjs';
import type { Db } from '../db/connect.ts';
import type { CollabService } from '../runtime.ts';
import { audit } from '../audit/log.ts';
import {
  evaluationComplete,
  readEvaluation,
  seedEvaluation,
  writeEvaluation,
  type Evaluation,
  type EvaluationValues
} from '../../model/document-schema.ts';
import { bodyRoom, parseRoomName } from '../../model/rooms.ts';

/** The author the log names for a room's seed: no person wrote it. */
const SEED_AUTHOR = 'system';

/**
 * Gives a body room the empty texts of its evaluation before its first client joins (see
 * `evaluationSeed`); other rooms and rooms seeded in this process are left alone.
 */
export function createEvaluationSeeds(collab: () => CollabService | undefined) {
  const seeded = new Set<string>();
  return async function ensure(room: string): Promise<void> {
    const service = collab();
    if (!service || seeded.has(room) || parseRoomName(room)?.kind !== 'body') return;
    await service.edit(room, SEED_AUTHOR, (doc) => seedEvaluation(doc, room));
    seeded.add(room);
  };
}

export type BodyEvaluation = Evaluation & { complete: boolean };

/** Projects a body room's evaluation to `body_evaluations` (nothing when the body has no row). */
export async function projectEvaluation(db: Db, bodyId: string, doc: Y.Doc): Promise<void> {
  const e = readEvaluation(doc);
  const row = {
    opinion: e.opinion,
    starvation: e.starvation,
    cause_of_death: e.causeOfDeath,
    cause_consistent: e.causeConsistent,
    summary: e.summary,
    complete: evaluationComplete(e) ? 1 : 0,
    updated_by: e.updatedBy,
    updated_at: e.updatedAt
  };
  const body = await db.selectFrom('bodies').select('id').where('id', '=', bodyId).executeTakeFirst();
  if (!body) return;
  await db
    .insertInto('body_evaluations')
    .values({ body_id: bodyId, ...row })
    .onConflict((oc) => oc.column('body_id').doUpdateSet(row))
    .execute();
}

/**
 * The projected evaluation of a body (what `GET /api/bodies/:id` returns), null until someone has
 * written in it (a room opened and seeded holds only empty texts).
 */
export async function evaluationOfBody(db: Db, bodyId: string): Promise<BodyEvaluation | null> {
  const row = await db
    .selectFrom('body_evaluations')
    .selectAll()
    .where('body_id', '=', bodyId)
    .executeTakeFirst();
  if (!row || row.updated_at === null) return null;
  return {
    opinion: row.opinion as Evaluation['opinion'],
    starvation: row.starvation as Evaluation['starvation'],
    causeOfDeath: row.cause_of_death,
    causeConsistent: row.cause_consistent as Evaluation['causeConsistent'],
    summary: row.summary,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at === null ? null : Number(row.updated_at),
    complete: row.complete === 1
  };
}

/** Is the body's evaluation complete right now (the live room when the server runs one)? */
export async function evaluationIsComplete(
  db: Db,
  collab: CollabService | undefined,
  bodyId: string
): Promise<boolean> {
  if (!collab) return (await evaluationOfBody(db, bodyId))?.complete ?? false;
  const doc = await collab.read(bodyRoom(bodyId));
  try {
    return evaluationComplete(readEvaluation(doc));
  } finally {
    doc.destroy();
  }
}

/** Writes the whole evaluation into the body's room as `userId`, projects and audits it. */
export async function putEvaluation(
  db: Db,
  collab: CollabService,
  bodyId: string,
  userId: string,
  values: EvaluationValues,
  ip: string
): Promise<BodyEvaluation> {
  const room = bodyRoom(bodyId);
  let changed = false;
  // The seed is its own edit (its own transaction: see writeEvaluation), under its own author.
  await collab.edit(room, SEED_AUTHOR, (doc) => seedEvaluation(doc, room));
  await collab.edit(room, userId, (doc) => {
    changed = writeEvaluation(doc, room, values, userId, Date.now());
  });
  const doc = await collab.read(room);
  try {
    // At once rather than after the room's debounce: the answer and a GET right after agree.
    await projectEvaluation(db, bodyId, doc);
  } finally {
    doc.destroy();
  }
  if (changed)
    await audit(db, {
      actorId: userId,
      action: 'body.evaluation',
      target: bodyId,
      details: { opinion: values.opinion, complete: evaluationComplete(values) },
      ip
    });
  return (await evaluationOfBody(db, bodyId)) as BodyEvaluation;
}
