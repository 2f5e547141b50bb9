import { audit } from '$lib/server/audit/log';
import { revokeApiToken } from '$lib/server/auth/api-tokens';
import { apiError, requireApiUser } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = async ({ locals, params, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  if (!(await revokeApiToken(locals.runtime.db, user.id, params.id)))
    return apiError('not_found', 'No such live token.');
  await audit(locals.runtime.db, {
    actorId: user.id,
    action: 'token.revoke',
    target: params.id,
    ip: getClientAddress()
  });
  return new Response(null, { status: 204 });
};
