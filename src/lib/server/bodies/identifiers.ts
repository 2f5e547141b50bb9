/**
 * Identifiers of a body, verified by double entry.
 *
 * Invariants:
 * - Every transcription is kept as its own entry (who, when, what they read); the identifier's
 *   status is derived from the entries of DIFFERENT people: a second person's equal entry (equal in
 *   normal form, `model/identifiers.ts`) verifies it, a different one disputes it. The same person
 *   entering twice never verifies: their later entry only corrects their own while nobody else has
 *   entered it.
 * - A disputed identifier is settled only by an adjudicator (`model/roles.ts adjudicates`) who did
 *   not enter it: one person never approves their own reading.
 * - The entrant is the signed-in user, never a field of the request. Entries are audited with the
 *   body in the transaction that stores them.
 */
import type { Transaction } from 'kysely';
import type { Database, UserRow } from '../db/schema.ts';
import type { Db } from '../db/connect.ts';
import { normalizeIdentifier, type IdentifierKind, type IdentifierStatus } from '../../model/identifiers.ts';
import { adjudicates, readOnly } from '../../model/roles.ts';
import { audit } from '../audit/log.ts';
import { newId } from '../ids.ts';
import type { IdentifierEntryInput } from './input.ts';
import { refuse, type Refusal } from './result.ts';

export type EntryOutcome = 'created' | 'verified' | 'disputed' | 'same_person' | 'recorded';
export type EntryResult = { ok: true; identifierId: string; status: IdentifierStatus; outcome: EntryOutcome };

type EntryTarget = {
  kind: IdentifierKind;
  value: string;
  identifierId?: string;
  itemId?: string;
  region?: string;
};
type BodyRef = { id: string; collection_id: string };

/** Which identifier an entry transcribes again: the one named, else the body's open one of its kind. */
async function targetOf(trx: Transaction<Database>, actorId: string, bodyId: string, entry: EntryTarget) {
  if (entry.identifierId)
    return trx
      .selectFrom('body_identifiers')
      .selectAll()
      .where('id', '=', entry.identifierId)
      .where('body_id', '=', bodyId)
      .executeTakeFirst();
  // `other` may hold several different numbers: a new one is a new identifier unless it is named.
  if (entry.kind === 'other') return undefined;
  const open = await trx
    .selectFrom('body_identifiers')
    .selectAll()
    .where('body_id', '=', bodyId)
    .where('kind', '=', entry.kind)
    .where('status', 'in', ['unverified', 'disputed'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (open.length === 0) return undefined;
  const mine = await trx
    .selectFrom('body_identifier_entries')
    .select('identifier_id')
    .distinct()
    .where(
      'identifier_id',
      'in',
      open.map((o) => o.id)
    )
    .where('user_id', '=', actorId)
    .execute();
  const entered = new Set(mine.map((m) => m.identifier_id));
  // One the actor has not yet transcribed comes first; else their own (a repeat never verifies).
  return open.find((o) => !entered.has(o.id)) ?? open[0];
}

/** Stores one entry (inside the caller's transaction) and moves the identifier's status. */
export async function addEntry(
  trx: Transaction<Database>,
  actor: Pick<UserRow, 'id'>,
  body: BodyRef,
  entry: EntryTarget,
  via: 'api' | 'verify'
): Promise<EntryResult> {
  const now = Date.now();
  const normalized = normalizeIdentifier(entry.value);
  const target = await targetOf(trx, actor.id, body.id, entry);
  const row = {
    id: newId(),
    user_id: actor.id,
    raw: entry.value,
    normalized,
    item_id: entry.itemId ?? null,
    region: entry.region ?? null,
    via,
    entered_at: now
  };
  if (!target) {
    const identifierId = newId();
    await trx
      .insertInto('body_identifiers')
      .values({
        id: identifierId,
        body_id: body.id,
        kind: entry.kind,
        raw: entry.value,
        normalized,
        item_id: entry.itemId ?? null,
        region: entry.region ?? null,
        status: 'unverified',
        created_by: actor.id,
        created_at: now,
        resolved_by: null,
        resolved_at: null
      })
      .execute();
    await trx
      .insertInto('body_identifier_entries')
      .values({ ...row, identifier_id: identifierId })
      .execute();
    return { ok: true, identifierId, status: 'unverified', outcome: 'created' };
  }
  const others = await trx
    .selectFrom('body_identifier_entries')
    .select(['normalized'])
    .where('identifier_id', '=', target.id)
    .where('user_id', '!=', actor.id)
    .execute();
  await trx
    .insertInto('body_identifier_entries')
    .values({ ...row, identifier_id: target.id })
    .execute();
  const location = {
    item_id: target.item_id ?? row.item_id,
    region: target.item_id ? target.region : row.region
  };
  if (others.length === 0) {
    // Only the actor has read it so far: their new reading corrects their own (it stays unverified).
    await trx
      .updateTable('body_identifiers')
      .set({ raw: entry.value, normalized, ...location })
      .where('id', '=', target.id)
      .execute();
    return { ok: true, identifierId: target.id, status: target.status, outcome: 'same_person' };
  }
  if (target.status === 'disputed')
    return { ok: true, identifierId: target.id, status: 'disputed', outcome: 'recorded' };
  const agrees = target.normalized === normalized;
  const status: IdentifierStatus = agrees ? 'verified' : 'disputed';
  if (status !== target.status)
    await trx
      .updateTable('body_identifiers')
      .set({ status, ...location })
      .where('id', '=', target.id)
      .execute();
  return {
    ok: true,
    identifierId: target.id,
    status,
    outcome: status === target.status ? 'recorded' : status
  };
}

/**
 * `POST /api/bodies/:id/identifiers`: one person's transcription of an identifier of a body they may
 * see (the caller checked that). The photo it is read on must be one of the body's.
 */
export async function enterIdentifier(
  db: Db,
  actor: UserRow,
  body: BodyRef & { merged_into: string | null },
  input: IdentifierEntryInput,
  via: 'api' | 'verify',
  ip: string | null
): Promise<EntryResult | Refusal> {
  if (readOnly(actor)) return refuse(403, 'Observers do not transcribe identifiers.');
  if (body.merged_into) return refuse(409, 'This body was merged into another: enter identifiers there.');
  if (input.itemId) {
    const onBody = await db
      .selectFrom('body_items')
      .select('item_id')
      .where('item_id', '=', input.itemId)
      .where('body_id', '=', body.id)
      .executeTakeFirst();
    if (!onBody) return refuse(400, 'itemId must be a photo of this body.');
  }
  return db.transaction().execute(async (trx) => {
    if (input.identifierId) {
      const named = await trx
        .selectFrom('body_identifiers')
        .select('kind')
        .where('id', '=', input.identifierId)
        .where('body_id', '=', body.id)
        .executeTakeFirst();
      if (!named) return refuse(404, 'No such identifier on this body.');
      if (named.kind !== input.kind) return refuse(400, `That identifier is a ${named.kind} number.`);
    }
    const result = await addEntry(trx, actor, body, input, via);
    await audit(trx, {
      actorId: actor.id,
      action: 'body.identifier.enter',
      target: body.id,
      details: {
        identifierId: result.identifierId,
        kind: input.kind,
        raw: input.value,
        via,
        status: result.status,
        outcome: result.outcome
      },
      ip
    });
    return result;
  });
}

/** An adjudicator settles a disputed identifier with the value they read (not their own entry). */
export async function resolveIdentifier(
  db: Db,
  actor: UserRow,
  body: BodyRef,
  identifierId: string,
  value: string,
  ip: string | null
): Promise<{ ok: true; status: 'verified' } | Refusal> {
  if (!adjudicates(actor)) return refuse(403, 'Only adjudicators resolve a disputed identifier.');
  return db.transaction().execute(async (trx) => {
    const identifier = await trx
      .selectFrom('body_identifiers')
      .selectAll()
      .where('id', '=', identifierId)
      .where('body_id', '=', body.id)
      .executeTakeFirst();
    if (!identifier) return refuse(404, 'No such identifier on this body.');
    if (identifier.status !== 'disputed') return refuse(409, 'Only a disputed identifier is resolved.');
    const own = await trx
      .selectFrom('body_identifier_entries')
      .select('id')
      .where('identifier_id', '=', identifierId)
      .where('user_id', '=', actor.id)
      .executeTakeFirst();
    if (own) return refuse(403, 'You entered this identifier: another adjudicator resolves it.');
    const now = Date.now();
    await trx
      .updateTable('body_identifiers')
      .set({
        raw: value,
        normalized: normalizeIdentifier(value),
        status: 'verified',
        resolved_by: actor.id,
        resolved_at: now
      })
      .where('id', '=', identifierId)
      .execute();
    await audit(trx, {
      actorId: actor.id,
      action: 'body.identifier.resolve',
      target: body.id,
      details: { identifierId, kind: identifier.kind, from: identifier.raw, raw: value },
      ip
    });
    return { ok: true, status: 'verified' } as const;
  });
}
