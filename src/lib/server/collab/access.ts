/**
 * Who may open a room (`/collab/<room>`).
 *
 * Invariants:
 * - Credentials: the session cookie, whose request must carry our Origin (a page of another site
 *   cannot open a socket with the user's cookie), or `Authorization: Bearer <token>`.
 * - Who may open which room, and whether read-only, is the access policy's (auth/access/rooms.ts
 *   `canOpenRoom`): the shared layer follows the item's collection, a blind layer its author and,
 *   read-only, its adjudicators; a body room the body's collection (experts write).
 * - The same decision is re-run for every open connection within seconds of any change that can take
 *   access away (the access epoch), and for all of them on a slow safety round.
 */
import type { IncomingMessage } from 'node:http';
import type { Db } from '../db/connect.ts';
import { authenticate, authenticateNode, type Credentials } from '../auth/authenticate.ts';
import { canOpenRoom } from '../auth/access/rooms.ts';
import { isRole } from '../../model/roles.ts';
import { parseRoomName } from '../../model/rooms.ts';
import type { Grant } from './connection.ts';
import type { Authorization } from './server.ts';

export type CollabGrant = Grant & { credentials: Credentials; expert: boolean };

export function createCollabAccess(db: Db, origin: string | undefined) {
  async function authorize(request: IncomingMessage, roomName: string): Promise<Authorization<CollabGrant>> {
    const room = parseRoomName(roomName);
    if (!room) return { ok: false, status: 404, reason: 'no such room' };
    // A socket is opened by a GET, but it writes: the Origin rule of every cookie write applies.
    const auth = await authenticateNode(db, request, { origin, sameOrigin: true });
    if (!auth.ok)
      return auth.code === 'unauthorized'
        ? { ok: false, status: 401, reason: 'not signed in' }
        : { ok: false, status: 403, reason: 'foreign origin' };
    const { who, credentials } = auth;
    const decision = await canOpenRoom(db, who.user, room);
    if (!decision.ok) return { ok: false, status: decision.status, reason: 'no access to the room' };
    return {
      ok: true,
      grant: {
        userId: who.user.id,
        name: who.user.name,
        readOnly: decision.readOnly,
        presence: decision.presence,
        role: isRole(who.user.role) ? who.user.role : undefined,
        expert: who.user.expert === 1,
        credentials
      }
    };
  }

  /** Still allowed, with the same rights as when the socket opened? */
  async function recheck(grant: CollabGrant, roomName: string): Promise<boolean> {
    const room = parseRoomName(roomName);
    const who = await authenticate(db, grant.credentials);
    if (!room || !who || who.pendingSecondFactor || who.user.id !== grant.userId) return false;
    const decision = await canOpenRoom(db, who.user, room);
    // A writable socket whose user may now only read (an author who submitted, a reviewer made
    // observer) must be dropped: it kept writing when this kept every socket the decision had made
    // read-only. One that may now write reconnects to get it, as before.
    // The same for the role and the expert flag: the socket validator decides by them (only experts
    // write the consistency opinion), so a socket opened before they changed must not keep them.
    return (
      decision.ok &&
      decision.readOnly === grant.readOnly &&
      who.user.role === grant.role &&
      (who.user.expert === 1) === grant.expert
    );
  }

  /**
   * Moves whenever access may have been taken away (database triggers keep it): the sum of its
   * rows, which PostgreSQL's connections move one row each (migration access_epoch_shards).
   */
  async function accessEpoch(): Promise<number> {
    const row = await db
      .selectFrom('access_epoch')
      .select((eb) => eb.fn.sum<number | string>('n').as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  return { authorize, recheck, accessEpoch };
}
