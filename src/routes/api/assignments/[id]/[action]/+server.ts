import { json } from '@sveltejs/kit';
import { audit } from '$lib/server/audit/log';
import { actsOnAssignment } from '$lib/server/auth/access/queues';
import { apiError, jsonBody, requireApiUser } from '$lib/server/http/api';
import { finishAssignment, renewLease, type Ending } from '$lib/server/review/finish';
import type { RequestHandler } from './$types';
import { checkText } from '$lib/server/validate';
import { submitNeedsDescription } from '$lib/server/wellbeing/descriptions';

const ENDINGS: Record<string, Ending> = {
  submit: 'submitted',
  skip: 'skipped',
  flag: 'flagged',
  release: 'released'
};

/** `POST /api/assignments/:id/submit | skip | flag | release | renew`; skip and flag need `{ reason }`. */
export const POST: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const db = locals.runtime.db;
  const access = await actsOnAssignment(db, user, params.id);
  if (!access.ok)
    return access.status === 404
      ? apiError('not_found', 'No such assignment of yours.')
      : apiError('forbidden', 'You no longer have access to this collection.');
  if (params.action === 'renew') {
    const until = await renewLease(db, params.id, user.id);
    return until
      ? json({ leaseExpiresAt: until })
      : apiError('conflict', 'The lease has ended; press Next again.');
  }
  const ending = ENDINGS[params.action];
  if (!ending) return apiError('not_found', 'No such action.');
  let reason: string | null = null;
  if (ending === 'skipped' || ending === 'flagged') {
    const body = await jsonBody(request, 'Send { "reason" }.');
    if (!body.ok) return body.response;
    const checked = checkText((body.value as Record<string, unknown> | null)?.reason, 2000);
    if (!checked.ok) return apiError('bad_request', 'A reason (1–2000 characters, no NUL) is required.');
    reason = checked.value;
  }
  if (ending === 'submitted' && (await submitNeedsDescription(db, params.id)))
    return apiError(
      'rejected',
      'This queue requires a description of the photograph before it leaves the queue: describe it, then submit.'
    );
  const result = await finishAssignment(db, locals.runtime.dialect, params.id, user.id, ending, reason);
  if (!result.ok)
    return result.status === 404
      ? apiError('not_found', 'No such assignment of yours.')
      : apiError('conflict', 'This assignment is no longer active.');
  await audit(db, {
    actorId: user.id,
    action: `assignment.${params.action}`,
    target: params.id,
    details: { queueId: result.queueId, itemId: result.itemId, reason },
    ip: getClientAddress()
  });
  return json({ status: ending });
};
