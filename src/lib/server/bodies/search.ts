/**
 * Finding bodies of a collection: all of them (newest first), or those with an identifier equal in
 * normal form to the query (`model/identifiers.ts`: `٢١٥` finds `215`), whether that value is the
 * identifier's own or any single person's entry of it (so a disputed reading is found too), or the
 * body of one photo. A summary shows the value of verified identifiers only: an unverified one is
 * read on the body itself, where a blind second reader is kept from it (auth/access/bodies.ts).
 */
import type { Db } from '../db/connect.ts';
import { normalizeIdentifier } from '../../model/identifiers.ts';

export const BODY_LIST_MAX = 500;

export type BodySummary = {
  id: string;
  status: string;
  itemCount: number;
  firstItemId: string | null;
  identifiers: Array<{ kind: string; normalized: string | null; status: string }>;
};

/** `verifiedOnly`: match verified identifiers alone (the reader transcribes numbers blind). */
export type BodyQuery = { identifier?: string; itemId?: string; verifiedOnly?: boolean };

export async function findBodies(db: Db, collectionId: string, find: BodyQuery = {}): Promise<BodySummary[]> {
  const { identifier = null, itemId, verifiedOnly = false } = find;
  let query = db
    .selectFrom('bodies as b')
    .select(['b.id', 'b.status'])
    .where('b.collection_id', '=', collectionId)
    .where('b.deleted_at', 'is', null)
    .where('b.merged_into', 'is', null);
  if (itemId)
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('body_items as bi')
          .select('bi.item_id')
          .whereRef('bi.body_id', '=', 'b.id')
          .where('bi.item_id', '=', itemId)
      )
    );
  if (identifier !== null) {
    const normalized = normalizeIdentifier(identifier);
    query = query.where((eb) => {
      const own = eb
        .selectFrom('body_identifiers as i')
        .select('i.id')
        .whereRef('i.body_id', '=', 'b.id')
        .where('i.normalized', '=', normalized);
      if (verifiedOnly) return eb.exists(own.where('i.status', '=', 'verified'));
      return eb.or([
        eb.exists(own),
        eb.exists(
          eb
            .selectFrom('body_identifier_entries as e')
            .innerJoin('body_identifiers as i', 'i.id', 'e.identifier_id')
            .select('e.id')
            .whereRef('i.body_id', '=', 'b.id')
            .where('e.normalized', '=', normalized)
        )
      ]);
    });
  }
  const bodies = await query.orderBy('b.created_at', 'desc').orderBy('b.id').limit(BODY_LIST_MAX).execute();
  if (bodies.length === 0) return [];
  const ids = bodies.map((b) => b.id);
  const [items, identifiers] = await Promise.all([
    db
      .selectFrom('body_items')
      .select(['body_id', 'item_id', 'position'])
      .where('body_id', 'in', ids)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('body_identifiers')
      .select(['body_id', 'kind', 'normalized', 'status'])
      .where('body_id', 'in', ids)
      .orderBy('created_at')
      .execute()
  ]);
  return bodies.map((b) => {
    const own = items.filter((i) => i.body_id === b.id);
    return {
      id: b.id,
      status: b.status,
      itemCount: own.length,
      firstItemId: own[0]?.item_id ?? null,
      identifiers: identifiers
        .filter((i) => i.body_id === b.id)
        .map((i) => ({
          kind: i.kind,
          normalized: i.status === 'verified' ? i.normalized : null,
          status: i.status
        }))
    };
  });
}
