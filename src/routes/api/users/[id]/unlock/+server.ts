import { unlockSignIn } from '$lib/server/accounts/passwords';
import { isAdmin } from '$lib/model/roles';
import { apiError, requireApiUser } from '$lib/server/http/api';
import { isId } from '$lib/server/validate';
import type { RequestHandler } from './$types';

/** Administrators: lift the user's sign-in lock after failed attempts → 204. */
export const POST: RequestHandler = async ({ locals, params, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  if (!isAdmin(user)) return apiError('forbidden', 'Administrators only.');
  const done =
    isId(params.id) &&
    (await unlockSignIn(locals.runtime.db, { id: user.id, ip: getClientAddress() }, params.id));
  return done ? new Response(null, { status: 204 }) : apiError('not_found', 'No such user.');
};
