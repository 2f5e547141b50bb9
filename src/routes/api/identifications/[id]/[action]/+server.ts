import { json } from '@sveltejs/kit';
import { identificationForUser } from '$lib/server/auth/access/persons';
import { apiError, jsonBody, refusal, requireApiUser } from '$lib/server/http/api';
import { ExcludeSchema } from '$lib/server/persons/identification-input';
import { confirmIdentification, excludeIdentification } from '$lib/server/persons/identifications';
import { checkRequest } from '$lib/server/validate';
import type { RequestHandler } from './$types';

/**
 * `POST /api/identifications/:id/confirm` → `{ status, confirmations }` (confirmed with the second
 * different qualified user; the same user again 409); `…/exclude { reason }` → `{ status }`.
 */
export const POST: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  if (params.action !== 'confirm' && params.action !== 'exclude')
    return apiError('not_found', 'No such action: confirm or exclude.');
  const db = locals.runtime.db;
  const access = await identificationForUser(db, user, params.id);
  if (!access.ok) return apiError('not_found', 'No such identification.');
  if (params.action === 'confirm') {
    const done = await confirmIdentification(db, user, params.id, getClientAddress());
    if (!done.ok) return refusal(done);
    return json({ status: done.status, confirmations: done.confirmations });
  }
  const body = await jsonBody(request, 'Send { reason } as JSON.');
  if (!body.ok) return body.response;
  const input = checkRequest(ExcludeSchema, body.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const done = await excludeIdentification(db, user, params.id, input.value.reason, getClientAddress());
  if (!done.ok) return refusal(done);
  return json({ status: done.status });
};
