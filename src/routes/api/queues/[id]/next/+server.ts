import { json } from '@sveltejs/kit';
import { itemRoom } from '$lib/model/rooms';
import { reviewsInQueue } from '$lib/server/auth/access/queues';
import { apiError, requireApiUser } from '$lib/server/http/api';
import { reviewRoom } from '$lib/server/review/agreement';
import { claimNext } from '$lib/server/review/claims';
import { QUEUE_NOT_OPEN } from '$lib/server/review/manage';
import type { RequestHandler } from './$types';

/**
 * Hands the caller the next review slot: `{ assignment: { id, itemId, room, slot, leaseExpiresAt } }`,
 * 204 when nothing is left for them, 409 while the queue is paused or closed.
 */
export const POST: RequestHandler = async ({ locals, params }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const { db, dialect } = locals.runtime;
  // The access check runs inside the claim's statement: no round trip of its own.
  const next = await claimNext(db, dialect, params.id, user.id, reviewsInQueue(user));
  if (!next.ok)
    return next.status === 404
      ? apiError('not_found', 'No such queue.')
      : apiError('forbidden', 'You are not a member of this queue.');
  const { claim } = next;
  if (!claim) return new Response(null, { status: 204 });
  if (claim === 'paused' || claim === 'closed') return apiError('conflict', QUEUE_NOT_OPEN[claim]);
  return json({
    assignment: {
      id: claim.id,
      itemId: claim.itemId,
      slot: claim.slot,
      leaseExpiresAt: claim.leaseExpiresAt,
      room: next.blind ? reviewRoom(claim.itemId, claim.id) : itemRoom(claim.itemId)
    }
  });
};
