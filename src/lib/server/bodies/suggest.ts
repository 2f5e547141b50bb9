/**
 * Grouping suggestions: candidate bodies proposed from runs of photos (suggest-runs.ts) and from
 * bodies that share an identifier, stored for a person to accept (the body is made, or the bodies
 * merged) or reject. Nothing is grouped silently: computing only writes candidates.
 *
 * Invariants:
 * - Computing replaces the collection's pending candidates and never re-proposes a group that was
 *   accepted or rejected (the fingerprint of its sorted item ids is unique per collection).
 * - Accepting checks that the photos are still where the candidate found them (loose for a run, in
 *   the named bodies for an identifier match); otherwise it is stale (409) and nothing changes.
 */
import path from 'node:path';
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { readOnly } from '../../model/roles.ts';
import { audit } from '../audit/log.ts';
import { newId, sha256Hex } from '../ids.ts';
import { createBody, findBody } from './bodies.ts';
import { mergeBodies } from './split-merge.ts';
import { refuse, type Refusal } from './result.ts';
import {
  identifierGroups,
  photoRuns,
  type Candidate,
  type Photo,
  type SuggestionReason
} from './suggest-runs.ts';

export type Suggestion = {
  id: string;
  itemIds: string[];
  reasons: SuggestionReason[];
  status: 'pending' | 'accepted' | 'rejected';
  bodyId: string | null;
  createdAt: number;
};

/** The folder of an original path as ingest recorded it (POSIX or Windows separators). */
function folderOf(originalPath: string): string {
  return path.posix.dirname(originalPath.replaceAll('\\', '/'));
}

function takenAt(exif: string): number | null {
  try {
    const at = Date.parse((JSON.parse(exif) as { capturedAt?: string }).capturedAt ?? '');
    return Number.isNaN(at) ? null : at;
  } catch {
    return null;
  }
}

async function candidatesOf(db: Db, collectionId: string): Promise<Candidate[]> {
  const loose = await db
    .selectFrom('items')
    .select(['id', 'original_path', 'original_name', 'exif'])
    .where('collection_id', '=', collectionId)
    .where('status', '=', 'ready')
    .where('kind', '=', 'photo')
    .orderBy('original_path')
    .orderBy('id')
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('body_items as bi').select('bi.item_id').whereRef('bi.item_id', '=', 'items.id')))
    )
    .execute();
  const photos: Photo[] = loose.map((i) => ({
    id: i.id,
    folder: folderOf(i.original_path),
    name: i.original_name,
    takenAt: takenAt(i.exif)
  }));
  const identifiers = await db
    .selectFrom('body_identifiers as i')
    .innerJoin('bodies as b', 'b.id', 'i.body_id')
    .select(['i.body_id as bodyId', 'i.kind', 'i.normalized'])
    .where('b.collection_id', '=', collectionId)
    .where('b.deleted_at', 'is', null)
    .where('b.merged_into', 'is', null)
    .where('i.kind', '!=', 'other')
    .execute();
  const merges: Candidate[] = [];
  for (const bodies of identifierGroups(identifiers)) {
    const items = await db
      .selectFrom('body_items')
      .select('item_id')
      .where('body_id', 'in', bodies)
      .orderBy('body_id')
      .orderBy('position')
      .execute();
    if (items.length > 0) merges.push({ itemIds: items.map((i) => i.item_id), reasons: ['identifier'] });
  }
  return [...photoRuns(photos), ...merges];
}

const fingerprint = (itemIds: string[]) => sha256Hex([...itemIds].sort().join(','));

/** Recomputes the collection's pending candidates; returns how many are pending now. */
export async function computeSuggestions(db: Db, collectionId: string): Promise<number> {
  const candidates = await candidatesOf(db, collectionId);
  const now = Date.now();
  await db.transaction().execute(async (trx) => {
    await trx
      .deleteFrom('body_suggestions')
      .where('collection_id', '=', collectionId)
      .where('status', '=', 'pending')
      .execute();
    // Candidates of one computation keep their order (folder, then time): each is stamped 1 ms after the previous.
    for (const [i, c] of candidates.entries())
      await trx
        .insertInto('body_suggestions')
        .values({
          id: newId(),
          collection_id: collectionId,
          fingerprint: fingerprint(c.itemIds),
          item_ids: JSON.stringify(c.itemIds),
          reasons: JSON.stringify(c.reasons),
          status: 'pending',
          body_id: null,
          created_at: now + i,
          decided_by: null,
          decided_at: null
        })
        .onConflict((oc) => oc.columns(['collection_id', 'fingerprint']).doNothing())
        .execute();
  });
  const { n } = await db
    .selectFrom('body_suggestions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('collection_id', '=', collectionId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(n);
}

export const SUGGESTION_LIST_MAX = 500;

export async function listSuggestions(
  db: Db,
  collectionId: string,
  status: Suggestion['status'] = 'pending'
): Promise<Suggestion[]> {
  const rows = await db
    .selectFrom('body_suggestions')
    .selectAll()
    .where('collection_id', '=', collectionId)
    .where('status', '=', status)
    .orderBy('created_at')
    .orderBy('id')
    .limit(SUGGESTION_LIST_MAX)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    itemIds: JSON.parse(r.item_ids) as string[],
    reasons: JSON.parse(r.reasons) as SuggestionReason[],
    status: r.status,
    bodyId: r.body_id,
    createdAt: Number(r.created_at)
  }));
}

async function pendingSuggestion(db: Db, collectionId: string, id: string) {
  const row = await db
    .selectFrom('body_suggestions')
    .selectAll()
    .where('id', '=', id)
    .where('collection_id', '=', collectionId)
    .executeTakeFirst();
  if (!row) return refuse(404, 'No such suggestion.');
  if (row.status !== 'pending') return refuse(409, `This suggestion was ${row.status} already.`);
  return row;
}

/** Marks the decision, unless someone decided first (then 409). */
async function decide(
  db: Db,
  actor: UserRow,
  id: string,
  status: 'accepted' | 'rejected',
  bodyId: string | null,
  ip: string | null
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('body_suggestions')
      .set({ status, body_id: bodyId, decided_by: actor.id, decided_at: Date.now() })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await audit(trx, {
      actorId: actor.id,
      action: status === 'accepted' ? 'body.suggestion.accept' : 'body.suggestion.reject',
      target: id,
      details: { bodyId },
      ip
    });
    return true;
  });
}

/** A person accepts a candidate: its photos become a body, or its bodies are merged into one. */
export async function acceptSuggestion(
  db: Db,
  actor: UserRow,
  collectionId: string,
  id: string,
  ip: string | null
): Promise<{ ok: true; bodyId: string } | Refusal> {
  if (readOnly(actor)) return refuse(403, 'Observers do not group photographs.');
  const row = await pendingSuggestion(db, collectionId, id);
  if ('ok' in row) return row;
  const itemIds = JSON.parse(row.item_ids) as string[];
  const held = await db
    .selectFrom('body_items')
    .select(['item_id', 'body_id'])
    .where('item_id', 'in', itemIds)
    .execute();
  const stale = refuse(409, 'The photos were grouped differently since: compute the suggestions again.');
  let bodyId: string;
  if ((JSON.parse(row.reasons) as SuggestionReason[]).includes('identifier')) {
    const bodies = [...new Set(held.map((h) => h.body_id))].sort();
    if (held.length !== itemIds.length || bodies.length < 2) return stale;
    const [into, ...others] = await Promise.all(bodies.map((b) => findBody(db, b)));
    for (const other of others) {
      const merged = await mergeBodies(db, actor, into!, other!, ip);
      if (!merged.ok) return merged;
    }
    bodyId = into!.id;
  } else {
    if (held.length > 0) return stale;
    const made = await createBody(db, actor, { collectionId, itemIds, identifiers: [] }, ip);
    if (!made.ok) return made;
    bodyId = made.id;
  }
  // Two people accepting at once: the photos' key lets only one body be made; the other got 409 above.
  if (!(await decide(db, actor, id, 'accepted', bodyId, ip)))
    return refuse(409, 'Someone decided this suggestion first.');
  return { ok: true, bodyId };
}

export async function rejectSuggestion(
  db: Db,
  actor: UserRow,
  collectionId: string,
  id: string,
  ip: string | null
): Promise<{ ok: true } | Refusal> {
  if (readOnly(actor)) return refuse(403, 'Observers do not group photographs.');
  const row = await pendingSuggestion(db, collectionId, id);
  if ('ok' in row) return row;
  if (!(await decide(db, actor, id, 'rejected', null, ip)))
    return refuse(409, 'Someone decided this suggestion first.');
  return { ok: true };
}
