/**
 * Who may see a collection and what is in it: items, documents, an item's shared layer. The role
 * rules themselves are the pure predicates of `model/roles.ts` (the browser uses those too); the
 * other capabilities' rules are beside this file (blind reviews, queues, bodies, persons, rooms,
 * dossiers), and every route, API endpoint, the collab server's upgrade check, the IIIF and upload
 * endpoints ask them.
 *
 * - A collection is seen by admins (every one) and its members; a miss is 404, a collection outside
 *   the user's 403.
 * - An item is visible to those who may see its collection, and only once it is `ready`; ids of the
 *   wrong shape never reach the database.
 * - An item's shared layer is closed to whoever reviews the item blind (blind.ts).
 */
import type { Db } from '../../db/connect.ts';
import type { DocumentRow, ItemRow, UserRow } from '../../db/schema.ts';
import { canAccessCollection, findCollection } from '../../collections/collections.ts';
import { isId } from '../../validate.ts';
import { blindOn } from './blind.ts';

export type Denied = { ok: false; status: 403 | 404; blind?: true };
export type ItemAccess = { ok: true; item: ItemRow } | Denied;

/** What a refused item request says, for pages and the API alike. */
export const ITEM_DENIED = {
  403: { code: 'forbidden', message: 'You do not have access to this collection.' },
  404: { code: 'not_found', message: 'No such item.' }
} as const;

/** What a reviewer hears who asks for the shared layer of an item they review blind. */
export const BLIND_DENIED = {
  code: 'forbidden',
  message: 'You are reviewing this item blind: submit your review before you open its shared layer.'
} as const;

export async function itemForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  itemId: string
): Promise<ItemAccess> {
  if (!isId(itemId)) return { ok: false, status: 404 };
  const item = await db.selectFrom('items').selectAll().where('id', '=', itemId).executeTakeFirst();
  if (!item || item.status !== 'ready') return { ok: false, status: 404 };
  if (!(await canAccessCollection(db, user, item.collection_id))) return { ok: false, status: 403 };
  return { ok: true, item };
}

/** A document is visible to those who may see its collection (as its items are); a miss is 404. */
export async function documentForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  documentId: string
): Promise<{ ok: true; document: DocumentRow } | Denied> {
  if (!isId(documentId)) return { ok: false, status: 404 };
  const document = await db
    .selectFrom('documents')
    .selectAll()
    .where('id', '=', documentId)
    .executeTakeFirst();
  if (!document) return { ok: false, status: 404 };
  if (!(await canAccessCollection(db, user, document.collection_id))) return { ok: false, status: 403 };
  return { ok: true, document };
}

/** An item whose shared layer the user may open: `itemForUser`, and 403 while they review it blind. */
export async function sharedLayerForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  itemId: string
): Promise<ItemAccess> {
  const access = await itemForUser(db, user, itemId);
  if (access.ok && (await blindOn(db, user.id, itemId))) return { ok: false, status: 403, blind: true };
  return access;
}

export type Collection = NonNullable<Awaited<ReturnType<typeof findCollection>>>;

/** A collection the user may see: 404 when there is none, 403 when it is not theirs. */
export async function collectionForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  collectionId: string
): Promise<{ ok: true; collection: Collection } | Denied> {
  const collection = isId(collectionId) ? await findCollection(db, collectionId) : undefined;
  if (!collection) return { ok: false, status: 404 };
  if (!(await canAccessCollection(db, user, collection.id))) return { ok: false, status: 403 };
  return { ok: true, collection };
}
