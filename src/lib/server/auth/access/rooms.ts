/**
 * Who may open a room, and how.
 *
 * - An item's room (its shared layer) opens for those who may see the shared layer
 *   (collections.ts `sharedLayerForUser`); writable unless the user only reads.
 * - A blind review layer opens for its author (writable while the assignment is active); for admins
 *   read-only at any time; for experts and coordinators read-only once the item has all its reviews
 *   (adjudication). Only the author's presence is shown there, so the layer stays blind.
 * - A body's room (`body/<id>`) opens for those who see the body; it is writable only for experts
 *   (roles.ts `evaluatesBodies`: the overall evaluation is theirs), read-only for everyone else.
 */
import type { Db } from '../../db/connect.ts';
import type { UserRow } from '../../db/schema.ts';
import { evaluatesBodies, isAdmin, readOnly } from '../../../model/roles.ts';
import type { RoomName } from '../../../model/rooms.ts';
import { readsBlindLayer, reviewsComplete } from './blind.ts';
import { bodyForUser } from './bodies.ts';
import { itemForUser, sharedLayerForUser, type Denied } from './collections.ts';

export type RoomDecision = { ok: true; readOnly: boolean; presence: boolean } | Denied;

/** Who may open a room, and how (see the rules above). */
export async function canOpenRoom(db: Db, user: UserRow, room: RoomName): Promise<RoomDecision> {
  if (room.kind === 'body') {
    const body = await bodyForUser(db, user, room.bodyId);
    return body.ok ? { ok: true, readOnly: !evaluatesBodies(user), presence: true } : body;
  }
  const access = await (room.kind === 'item' ? sharedLayerForUser : itemForUser)(db, user, room.itemId);
  if (!access.ok) return access;
  if (room.kind === 'item') return { ok: true, readOnly: readOnly(user), presence: true };

  const assignment = await db
    .selectFrom('assignments as a')
    .innerJoin('queues as q', 'q.id', 'a.queue_id')
    .select(['a.user_id', 'a.status', 'a.queue_id', 'q.blind', 'q.reviews_per_item'])
    .where('a.id', '=', room.assignmentId)
    .where('a.item_id', '=', room.itemId)
    .executeTakeFirst();
  if (!assignment || assignment.blind !== 1) return { ok: false, status: 404 };
  if (assignment.user_id === user.id)
    return { ok: true, readOnly: assignment.status !== 'active', presence: true };
  // Admins read at any time, so their decision needs no count of the submitted reviews.
  const complete =
    !isAdmin(user) &&
    (await reviewsComplete(
      db,
      { id: assignment.queue_id, reviews_per_item: assignment.reviews_per_item },
      room.itemId
    ));
  if (readsBlindLayer(user, complete)) return { ok: true, readOnly: true, presence: false };
  return { ok: false, status: 403 };
}
