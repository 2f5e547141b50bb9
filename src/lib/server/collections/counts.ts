import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { listCollectionsFor } from './collections.ts';

/** The caller's collections with their number of ready items. */
export async function collectionsWithCounts(db: Db, user: Pick<UserRow, 'id' | 'role'>) {
  const collections = await listCollectionsFor(db, user);
  if (collections.length === 0) return [];
  const counts = await db
    .selectFrom('items')
    .select((eb) => ['collection_id', eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'ready')
    .where(
      'collection_id',
      'in',
      collections.map((c) => c.id)
    )
    .groupBy('collection_id')
    .execute();
  const byId = new Map(counts.map((c) => [c.collection_id, Number(c.n)]));
  return collections.map((c) => ({ ...c, itemCount: byId.get(c.id) ?? 0 }));
}
