import { json } from '@sveltejs/kit';
import { itemRoom } from '$lib/model/rooms';
import { userNames } from '$lib/server/annotations/replay';
import { changeMoments } from '$lib/server/annotations/time-travel';
import { pageAccess } from '$lib/server/transcription/page-access';
import type { RequestHandler } from './$types';

/** The moments the shared layer changed, newest first (`[{ at, userId, userName }]`), for time travel. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const found = await pageAccess(locals, params.id, false);
  if (found.response) return found.response;
  const room = itemRoom(params.id);
  await found.collab.read(room);
  const moments = await changeMoments(locals.runtime.db, room);
  const names = await userNames(
    locals.runtime.db,
    moments.map((m) => m.userId)
  );
  return json(moments.map((m) => ({ ...m, userName: m.userId ? (names.get(m.userId) ?? null) : null })));
};
