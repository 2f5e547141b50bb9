/**
 * What the audit page shows for the ids in its rows: a person's name for a user id, an item's file
 * name for an item id, a collection's name. Anything else (a `cli:` actor, a room) is shown as it is.
 */
import type { Db } from '../db/connect.ts';
import { namesOf } from '../users/users.ts';
import { isId } from '../validate.ts';

export async function auditNames(
  db: Db,
  rows: Array<{ actor_id: string | null; target: string | null }>
): Promise<Record<string, string>> {
  const ids = new Set<string>();
  for (const r of rows) for (const id of [r.actor_id, r.target]) if (isId(id)) ids.add(id);
  if (ids.size === 0) return {};
  const items = await db
    .selectFrom('items')
    .select(['id', 'original_name'])
    .where('id', 'in', [...ids])
    .execute();
  const collections = await db
    .selectFrom('collections')
    .select(['id', 'name'])
    .where('id', 'in', [...ids])
    .execute();
  return {
    ...Object.fromEntries(collections.map((c) => [c.id, c.name])),
    ...Object.fromEntries(items.map((i) => [i.id, i.original_name])),
    ...(await namesOf(db, [...ids]))
  };
}
