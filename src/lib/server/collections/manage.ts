/** Collection administration with its audit rows, shared by the admin pages and the CLI. */
import type { Db } from '../db/connect.ts';
import { audit } from '../audit/log.ts';
import type { Actor } from '../users/manage.ts';
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

export async function removeMemberAudited(db: Db, actor: Actor, collectionId: string, userId: string) {
  const removed = await removeMember(db, collectionId, userId);
  if (removed)
    await audit(db, {
      actorId: actor.id,
      action: 'membership.remove',
      target: collectionId,
      details: { userId },
      ip: actor.ip
    });
  return removed;
}
