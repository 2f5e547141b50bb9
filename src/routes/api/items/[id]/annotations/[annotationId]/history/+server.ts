import { json } from '@sveltejs/kit';
import { LIMITS } from '$lib/model/document-schema';
import { itemRoom } from '$lib/model/rooms';
import { annotationHistory } from '$lib/server/annotations/history';
import { MAX_REPLAY, readLog, userNames } from '$lib/server/annotations/replay';
import { apiError } from '$lib/server/http/api';
import { pageAccess } from '$lib/server/transcription/page-access';
import type { RequestHandler } from './$types';

/**
 * Every change to every field of one annotation of the shared layer, oldest first:
 * `[{ at, userId, userName, field, before, after }]`. The author is the log's sender.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
  const found = await pageAccess(locals, params.id, false);
  if (found.response) return found.response;
  if (!LIMITS.annotationId.test(params.annotationId)) return apiError('not_found', 'No such annotation.');
  const room = itemRoom(params.id);
  await found.collab.read(room); // stores what the live room holds: the log is then complete
  const log = await readLog(locals.runtime.db, room);
  const changes = annotationHistory(log.updates, params.annotationId);
  if (changes.length === 0) return apiError('not_found', 'No such annotation.');
  const names = await userNames(
    locals.runtime.db,
    changes.map((c) => c.userId)
  );
  const body = changes.map((c) => ({ ...c, userName: c.userId ? (names.get(c.userId) ?? null) : null }));
  return json(body, log.truncated ? { headers: { 'Athar-History-Truncated': String(MAX_REPLAY) } } : {});
};
