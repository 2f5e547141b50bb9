/** Who may export a dossier (signed evidence for a court) of what. */
import type { Db } from '../../db/connect.ts';
import type { UserRow } from '../../db/schema.ts';
import { exportsDossiers } from '../../../model/roles.ts';
import { canAccessCollection } from '../../collections/collections.ts';
import { findQueue } from '../../review/queues.ts';
import { isId } from '../../validate.ts';
import { activeBlind } from './blind.ts';
import { bodyForUser, verifiesBodyBlind } from './bodies.ts';
import { collectionForUser, itemForUser, type Denied } from './collections.ts';
import { personForUser } from './persons.ts';

export type DossierRef = { kind: 'item' | 'queue' | 'collection' | 'body' | 'person'; id: string };

/**
 * May this user export a dossier of the item, queue, collection, body or person? Those who export
 * dossiers (roles.ts `exportsDossiers`: coordinators, admins, observers) of a collection they may
 * see. A miss is 404, a collection outside theirs 403 (a body or person outside it: 404, as their
 * own rules say). A dossier holds the shared layers, complete blind reviews and a body's
 * identifiers, so whoever still reviews blind in that collection, or transcribes that body's
 * identifiers blind, is refused (it would unblind them).
 */
export async function dossierForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  ref: DossierRef
): Promise<{ ok: true } | Denied> {
  let collectionId: string;
  if (ref.kind === 'body' || ref.kind === 'person') {
    const access =
      ref.kind === 'body' ? await bodyForUser(db, user, ref.id) : await personForUser(db, user, ref.id);
    if (!access.ok) return access;
    collectionId = 'body' in access ? access.body.collection_id : access.person.collection_id;
    if (ref.kind === 'body' && (await verifiesBodyBlind(db, user.id, ref.id)))
      return { ok: false, status: 403, blind: true };
  } else if (ref.kind === 'item') {
    const access = await itemForUser(db, user, ref.id);
    if (!access.ok) return access;
    collectionId = access.item.collection_id;
  } else if (ref.kind === 'queue') {
    const queue = isId(ref.id) ? await findQueue(db, ref.id) : undefined;
    if (!queue) return { ok: false, status: 404 };
    if (!(await canAccessCollection(db, user, queue.collection_id))) return { ok: false, status: 403 };
    collectionId = queue.collection_id;
  } else {
    const access = await collectionForUser(db, user, ref.id);
    if (!access.ok) return access;
    collectionId = access.collection.id;
  }
  if (!exportsDossiers(user)) return { ok: false, status: 403 };
  if (await activeBlind(db, user.id, { column: 'q.collection_id', value: collectionId }))
    return { ok: false, status: 403, blind: true };
  return { ok: true };
}
