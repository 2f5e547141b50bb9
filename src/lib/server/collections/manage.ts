/** Collection administration with its audit rows, shared by the admin pages and the CLI. */
import type { Db, Dialect } from '../db/connect.ts';
import { audit } from '../audit/log.ts';
import type { Actor } from '../users/manage.ts';
import { endAssignments } from '../review/revoke.ts';
import { addMember, createCollection, removeMember } from './collections.ts';

export async function createCollectionAudited(db: Db, actor: Actor, name: string) {
  const created = await createCollection(db, name);
  if (created)
    await audit(db, {
      actorId: actor.id,
      action: 'collection.create',
      target: created.id,
      details: { name },
      ip: actor.ip
    });
  return created;
}

export async function addMemberAudited(db: Db, actor: Actor, collectionId: string, userId: string) {
  const added = await addMember(db, collectionId, userId);
  if (added)
    await audit(db, {
      actorId: actor.id,
      action: 'membership.add',
      target: collectionId,
      details: { userId },
      ip: actor.ip
    });
  return added;
}

/**
 * Removes a member and, in the same transaction, ends their active assignments in the collection's
 * queues (one audit row names them): otherwise a removed reviewer's open lease would keep an item
 * from the pool, and a submit racing the removal could still count.
 */
export async function removeMemberAudited(
  db: Db,
  dialect: Dialect,
  actor: Actor,
  collectionId: string,
  userId: string
) {
  return db.transaction().execute(async (trx) => {
    const removed = await removeMember(trx, collectionId, userId);
    if (!removed) return false;
    const ended = await endAssignments(trx, dialect, { collectionId }, userId);
    await audit(trx, {
      actorId: actor.id,
      action: 'membership.remove',
      target: collectionId,
      details: { userId, endedAssignments: ended.map((a) => a.id) },
      ip: actor.ip
    });
    return true;
  });
}
