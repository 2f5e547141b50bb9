import { revokeApiToken } from '$lib/server/auth/api-tokens';
import { apiError, requireApiUser } from '$lib/server/http/api';
import { checkId } from '$lib/server/validate';
import type { RequestHandler } from './$types';

export const DELETE: RequestHandler = async ({ locals, params, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const id = checkId(params.id);
  const actor = { id: user.id, ip: getClientAddress() };
  if (!id.ok || !(await revokeApiToken(locals.runtime.db, actor, id.value)))
    return apiError('not_found', 'No such live token.');
  return new Response(null, { status: 204 });
};
