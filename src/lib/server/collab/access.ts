/**
 * Who may open a room (`/collab/<room>`).
 *
 * Invariants:
 * - Credentials: the session cookie, whose request must carry our Origin (a page of another site
 *   cannot open a socket with the user's cookie), or `Authorization: Bearer <token>`.
 * - `item/<id>` follows the item's collection membership; observers are read-only.
 * - Blind review layers are not served until the review capability exists (404).
 */
import type { IncomingMessage } from 'node:http';
import type { Db } from '../db/connect.ts';
import { authenticate, sessionTokenFromCookieHeader, type Credentials } from '../auth/authenticate.ts';
import { itemForUser } from '../evidence/items.ts';
import { parseRoomName } from '../../model/rooms.ts';
import type { Grant } from './connection.ts';
import type { Authorization } from './server.ts';

export type CollabGrant = Grant & { credentials: Credentials; itemId: string; expert: boolean };

export function createCollabAccess(db: Db, origin: string | undefined) {
  async function authorize(request: IncomingMessage, roomName: string): Promise<Authorization<CollabGrant>> {
    const room = parseRoomName(roomName);
    if (!room || room.kind !== 'item') return { ok: false, status: 404, reason: 'no such room' };
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
    const access = await itemForUser(db, who.user, room.itemId);
    if (!access.ok) return { ok: false, status: access.status, reason: 'no access to the item' };
    return {
      ok: true,
      grant: {
        userId: who.user.id,
        name: who.user.name,
        readOnly: who.user.role === 'observer',
        expert: who.user.expert === 1,
        credentials,
        itemId: room.itemId
      }
    };
  }

  async function recheck(grant: CollabGrant): Promise<boolean> {
    const who = await authenticate(db, grant.credentials);
    if (!who || who.user.id !== grant.userId) return false;
    if ((who.user.role === 'observer') !== grant.readOnly) return false;
    return (await itemForUser(db, who.user, grant.itemId)).ok;
  }

  return { authorize, recheck };
}
