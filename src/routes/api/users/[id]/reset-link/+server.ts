import { json } from '@sveltejs/kit';
import { issueResetLink } from '$lib/server/accounts/passwords';
import { isAdmin } from '$lib/model/roles';
import { apiError, requireApiUser } from '$lib/server/http/api';
import { isId } from '$lib/server/validate';
import type { RequestHandler } from './$types';

/** Administrators: a one-time link that sets a new password for the user → 201 `{ link, expiresAt, mail }`. */
export const POST: RequestHandler = async ({ locals, params, url, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  if (!isAdmin(user)) return apiError('forbidden', 'Administrators only.');
  const issued = isId(params.id)
    ? await issueResetLink(
        locals.runtime.db,
        locals.runtime.config,
        { id: user.id, ip: getClientAddress() },
        url.origin,
        params.id
      )
    : null;
  if (!issued) return apiError('not_found', 'No such user.');
  return json({ link: issued.url, expiresAt: issued.link.expiresAt, mail: issued.mail }, { status: 201 });
};
