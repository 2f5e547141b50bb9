import { fail, redirect } from '@sveltejs/kit';
import { acceptInvitation, findLiveLink } from '$lib/server/accounts/invitations';
import { startSession } from '$lib/server/auth/start-session';
import { formValues } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  const link = await findLiveLink(locals.runtime.db, 'invite', params.token);
  return { invitation: link && { email: link.email, role: link.role, expiresAt: link.expiresAt } };
};

export const actions: Actions = {
  default: async ({ request, locals, params, cookies, url, getClientAddress }) => {
    const form = await request.formData();
    const result = await acceptInvitation(locals.runtime.db, params.token, {
      name: form.get('name'),
      password: form.get('password'),
      ip: getClientAddress()
    });
    if (!result.ok) {
      if (result.reason === 'invalid')
        return fail(400, { values: formValues(form, ['name']), errors: result.errors });
      return fail(result.reason === 'email_taken' ? 409 : 410, {
        message: `invite.${result.reason}` as const
      });
    }
    await startSession(locals.runtime.db, cookies, url, result.user);
    redirect(303, '/');
  }
};
