import { json } from '@sveltejs/kit';
import { bodyForUser } from '$lib/server/auth/access/bodies';
import { checkInput, MergeSchema, SplitSchema } from '$lib/server/bodies/input';
import { mergeBodies, splitBody, undoLastOperation } from '$lib/server/bodies/split-merge';
import { apiError, jsonBody, refusal, requireApiBody } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/**
 * `POST /api/bodies/:id/split { itemIds }` → 201 `{ id }` of the new body;
 * `POST /api/bodies/:id/merge { bodyId }` (that body joins this one); `POST /api/bodies/:id/undo`
 * (the last split or merge of this body).
 */
export const POST: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, body, response } = await requireApiBody(locals, params.id);
  if (response) return response;
  const db = locals.runtime.db;
  const ip = getClientAddress();
  if (params.action === 'undo') {
    const undone = await undoLastOperation(db, user, body, ip);
    return undone.ok ? json({ undone: undone.undone, otherId: undone.otherId }) : refusal(undone);
  }
  if (params.action !== 'split' && params.action !== 'merge') return apiError('not_found', 'No such action.');
  const sent = await jsonBody(
    request,
    `Send ${params.action === 'split' ? '{ itemIds }' : '{ bodyId }'} as JSON.`
  );
  if (!sent.ok) return sent.response;
  if (params.action === 'split') {
    const input = checkInput(SplitSchema, sent.value);
    if (!input.ok) return apiError('bad_request', input.error);
    const split = await splitBody(db, user, body, input.value.itemIds, ip);
    return split.ok ? json({ id: split.id }, { status: 201 }) : refusal(split);
  }
  const input = checkInput(MergeSchema, sent.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const other = await bodyForUser(db, user, input.value.bodyId);
  if (!other.ok) return apiError('not_found', 'No such body to merge.');
  const merged = await mergeBodies(db, user, body, other.body, ip);
  return merged.ok ? json({ id: body.id }) : refusal(merged);
};
