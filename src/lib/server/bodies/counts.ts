/** The coordinator's figures of a collection's bodies: grouped, identifiers verified, evaluated. */
import type { Db } from '../db/connect.ts';
import type { BodyCounts } from '../../model/bodies.ts';

export type { BodyCounts };

export async function bodyCounts(db: Db, collectionId: string): Promise<BodyCounts> {
  const live = db
    .selectFrom('bodies')
    .where('collection_id', '=', collectionId)
    .where('deleted_at', 'is', null)
    .where('merged_into', 'is', null);
  const [bodies, photos, identifiers, suggestions] = await Promise.all([
    live
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute(),
    db
      .selectFrom('body_items as bi')
      .innerJoin('bodies as b', 'b.id', 'bi.body_id')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('b.collection_id', '=', collectionId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('body_identifiers as i')
      .innerJoin('bodies as b', 'b.id', 'i.body_id')
      .select(['i.status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('b.collection_id', '=', collectionId)
      .where('b.deleted_at', 'is', null)
      .groupBy('i.status')
      .execute(),
    db
      .selectFrom('body_suggestions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('collection_id', '=', collectionId)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow()
  ]);
  const sum = (rows: Array<{ n: number }>) => rows.reduce((total, r) => total + Number(r.n), 0);
  const of = <S extends string>(rows: Array<{ status: S; n: number }>, status: S) =>
    sum(rows.filter((r) => r.status === status));
  return {
    bodies: sum(bodies),
    photosGrouped: Number(photos.n),
    evaluated: of(bodies, 'evaluated'),
    identifiers: sum(identifiers),
    verified: of(identifiers, 'verified'),
    disputed: of(identifiers, 'disputed'),
    suggestions: Number(suggestions.n)
  };
}
