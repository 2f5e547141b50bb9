/**
 * Who may open a room (`/collab/<room>`).
 *
 * Invariants:
 * - Credentials: the session cookie, whose request must carry our Origin (a page of another site
 *   cannot open a socket with the user's cookie), or `Authorization: Bearer <token>`.
 * - `item/<id>` (the shared layer) follows the item's collection membership; observers read only.
 * - `item/<id>/review/<assignmentId>` (a blind layer) opens for its author — writable while the
 *   assignment is active — and read-only for admins; once the item has all its reviews, also for
 *   experts and coordinators (adjudication). Only the author's presence is shown there.
 * - The same decision is re-run for every open connection within seconds of any change that can take
 *   access away (the access epoch), and for all of them on a slow safety round.
 */
import type { IncomingMessage } from 'node:http';
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { authenticate, sessionTokenFromCookieHeader, type Credentials } from '../auth/authenticate.ts';
import { itemForUser } from '../evidence/items.ts';
import { parseRoomName, type RoomName } from '../../model/rooms.ts';
import type { Grant } from './connection.ts';
import type { Authorization } from './server.ts';

export type CollabGrant = Grant & { credentials: Credentials; itemId: string; expert: boolean };

type Decision = { ok: true; readOnly: boolean; presence: boolean } | { ok: false; status: 403 | 404 };

async function decide(db: Db, user: UserRow, room: RoomName): Promise<Decision> {
  const access = await itemForUser(db, user, room.itemId);
  if (!access.ok) return { ok: false, status: access.status };
  if (room.kind === 'item') return { ok: true, readOnly: user.role === 'observer', presence: true };

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
  if (user.role === 'admin') return { ok: true, readOnly: true, presence: false };
  const { n } = await db
    .selectFrom('assignments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('queue_id', '=', assignment.queue_id)
    .where('item_id', '=', room.itemId)
    .where('status', '=', 'submitted')
    .executeTakeFirstOrThrow();
  const complete = Number(n) >= assignment.reviews_per_item;
  if (complete && (user.expert === 1 || user.role === 'coordinator'))
    return { ok: true, readOnly: true, presence: false };
  return { ok: false, status: 403 };
}

export function createCollabAccess(db: Db, origin: string | undefined) {
  async function authorize(request: IncomingMessage, roomName: string): Promise<Authorization<CollabGrant>> {
    const room = parseRoomName(roomName);
    if (!room) return { ok: false, status: 404, reason: 'no such room' };
    const credentials: Credentials = {
      authorization: request.headers.authorization,
      sessionToken: sessionTokenFromCookieHeader(request.headers.cookie)
    };
    const who = await authenticate(db, credentials);
    if (!who || who.pendingSecondFactor) return { ok: false, status: 401, reason: 'not signed in' };
    if (who.via === 'cookie') {
      const expected = origin ?? `http://${request.headers.host}`;
      if (request.headers.origin !== expected) return { ok: false, status: 403, reason: 'foreign origin' };
    }
    const decision = await decide(db, who.user, room);
    if (!decision.ok) return { ok: false, status: decision.status, reason: 'no access to the room' };
    return {
      ok: true,
      grant: {
        userId: who.user.id,
        name: who.user.name,
        readOnly: decision.readOnly,
        presence: decision.presence,
        expert: who.user.expert === 1,
        credentials,
        itemId: room.itemId
      }
    };
  }

  /** Still allowed, with the same rights as when the socket opened? */
  async function recheck(grant: CollabGrant, roomName: string): Promise<boolean> {
    const room = parseRoomName(roomName);
    const who = await authenticate(db, grant.credentials);
    if (!room || !who || who.pendingSecondFactor || who.user.id !== grant.userId) return false;
    const decision = await decide(db, who.user, room);
    // A writable socket whose user may now only read (an author who submitted, a reviewer made
    // observer) must be dropped: it kept writing when this kept every socket the decision had made
    // read-only. One that may now write reconnects to get it, as before.
    return decision.ok && decision.readOnly === grant.readOnly;
  }

  /** Moves whenever access may have been taken away (database triggers keep it). */
  async function accessEpoch(): Promise<number> {
    const row = await db.selectFrom('access_epoch').select('n').where('id', '=', 1).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  return { authorize, recheck, accessEpoch };
}
