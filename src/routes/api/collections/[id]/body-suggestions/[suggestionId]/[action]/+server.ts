import { json } from '@sveltejs/kit';
import { collectionForUser } from '$lib/server/auth/access/collections';
import { acceptSuggestion, rejectSuggestion } from '$lib/server/bodies/suggest';
import { apiError, refusal, requireApiUser } from '$lib/server/http/api';
import { isId } from '$lib/server/validate';
import type { RequestHandler } from './$types';

/** `POST …/body-suggestions/:suggestionId/accept` → `{ bodyId }`; `…/reject` → `{ status: 'rejected' }`. */
export const POST: RequestHandler = async ({ locals, params, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const db = locals.runtime.db;
  if (!(await collectionForUser(db, user, params.id)).ok) return apiError('not_found', 'No such collection.');
  if (!isId(params.suggestionId)) return apiError('not_found', 'No such suggestion.');
  const ip = getClientAddress();
  if (params.action === 'accept') {
    const accepted = await acceptSuggestion(db, user, params.id, params.suggestionId, ip);
    return accepted.ok ? json({ bodyId: accepted.bodyId }) : refusal(accepted);
  }
  if (params.action !== 'reject') return apiError('not_found', 'No such action.');
  const rejected = await rejectSuggestion(db, user, params.id, params.suggestionId, ip);
  return rejected.ok ? json({ status: 'rejected' }) : refusal(rejected);
};
