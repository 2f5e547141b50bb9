import { json } from '@sveltejs/kit';
import { checkInvitation, invite } from '$lib/server/accounts/invitations';
import { apiError, jsonBody, requireApiUser } from '$lib/server/http/api';
import { oversees } from '$lib/model/roles';
import { translate } from '$lib/i18n';
import type { RequestHandler } from './$types';

/**
 * `{ email, role, expert? }` → 201 `{ id, email, role, expert, expiresAt, link, mail }`. Administrators
 * and coordinators (who may not invite administrators); the link is shown only here.
 */
export const POST: RequestHandler = async ({ request, locals, url, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  if (!oversees(user)) return apiError('forbidden', 'Only administrators and coordinators invite people.');
  const body = await jsonBody(request, 'Send a JSON body: { "email", "role", "expert" }.');
  if (!body.ok) return body.response;
  const fields = (body.value ?? {}) as Record<string, unknown>;
  const checked = checkInvitation({ email: fields.email, role: fields.role, expert: fields.expert });
  if (!checked.ok) {
    const [field, key] =
      Object.entries(checked.errors).find(([, e]) => e) ?? (['body', 'error.text_invalid'] as const);
    return apiError('bad_request', `"${field}": ${translate('en', key ?? 'error.text_invalid')}`);
  }
  const result = await invite(
    locals.runtime.db,
    locals.runtime.config,
    { id: user.id, role: user.role, ip: getClientAddress(), locale: locals.locale },
    url.origin,
    checked.value
  );
  if (!result.ok) {
    return result.reason === 'forbidden_role'
      ? apiError('forbidden', 'A coordinator cannot invite an administrator.')
      : apiError('conflict', translate('en', 'error.email_taken'));
  }
  const { link } = result;
  return json(
    {
      id: link.id,
      email: link.email,
      role: link.role,
      expert: link.expert,
      expiresAt: link.expiresAt,
      link: result.url,
      mail: result.mail
    },
    { status: 201 }
  );
};
