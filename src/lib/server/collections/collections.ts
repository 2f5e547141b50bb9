/**
 * Collections and their members. Access rule: admins see every collection; anyone else sees only
 * the collections they are a member of.
 */
import { sql, type SqlBool } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { isAdmin } from '../../model/roles.ts';
import { newId } from '../ids.ts';

export type Collection = { id: string; name: string; createdAt: number; memberCount: number };
export type Member = { userId: string; email: string; name: string; role: string; addedAt: number };

export async function createCollection(db: Db, name: string): Promise<{ id: string } | null> {
  const id = newId();
  const result = await db
    .insertInto('collections')
    .values({ id, name: name.trim(), created_at: Date.now() })
    .onConflict((oc) => oc.column('name').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0 ? { id } : null;
}

export async function findCollectionByName(db: Db, name: string) {
  return db.selectFrom('collections').selectAll().where('name', '=', name.trim()).executeTakeFirst();
}

export async function findCollection(db: Db, id: string) {
  return db.selectFrom('collections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listCollectionsFor(db: Db, user: Pick<UserRow, 'id' | 'role'>): Promise<Collection[]> {
  let query = db
    .selectFrom('collections')
    .leftJoin('collection_members as m', 'm.collection_id', 'collections.id')
    .select((eb) => [
      'collections.id',
      'collections.name',
      'collections.created_at',
      eb.fn.count<number>('m.user_id').as('member_count')
    ])
    .groupBy(['collections.id', 'collections.name', 'collections.created_at'])
    .orderBy('collections.name');
  query = query.where(collectionMember('collections.id', user));
  const rows = await query.execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: Number(r.created_at),
    memberCount: Number(r.member_count)
  }));
}

/**
 * The access rule above as a filter: true for admins, else `exists` a membership of the user in the
 * collection `collectionColumn` names (a column of the outer query).
 */
export function collectionMember(collectionColumn: string, user: Pick<UserRow, 'id' | 'role'>) {
  if (isAdmin(user)) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`exists (select 1 from collection_members cm where cm.collection_id = ${sql.ref(collectionColumn)} and cm.user_id = ${user.id})`;
}

export async function canAccessCollection(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  collectionId: string
): Promise<boolean> {
  if (isAdmin(user)) return !!(await findCollection(db, collectionId));
  const row = await db
    .selectFrom('collection_members')
    .select('user_id')
    .where('collection_id', '=', collectionId)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  return !!row;
}

export async function listMembers(db: Db, collectionId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom('collection_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.email', 'u.name', 'u.role', 'm.added_at'])
    .where('m.collection_id', '=', collectionId)
    .orderBy('u.email')
    .execute();
  return rows.map((r) => ({
    userId: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    addedAt: Number(r.added_at)
  }));
}

/** false when the user was already a member. */
export async function addMember(db: Db, collectionId: string, userId: string): Promise<boolean> {
  const result = await db
    .insertInto('collection_members')
    .values({ collection_id: collectionId, user_id: userId, added_at: Date.now() })
    .onConflict((oc) => oc.columns(['collection_id', 'user_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function removeMember(db: Db, collectionId: string, userId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('collection_members')
    .where('collection_id', '=', collectionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
