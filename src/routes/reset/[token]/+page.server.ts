import { fail } from '@sveltejs/kit';
import { findLiveLink } from '$lib/server/accounts/links';
import { resetPassword } from '$lib/server/accounts/passwords';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  const link = await findLiveLink(locals.runtime.db, 'reset', params.token);
  return { reset: link && { email: link.email } };
};

export const actions: Actions = {
  default: async ({ request, locals, params, getClientAddress }) => {
    const form = await request.formData();
    const result = await resetPassword(locals.runtime.db, params.token, {
      password: form.get('password'),
      ip: getClientAddress()
    });
    if (result.ok) return { done: true };
    if (result.reason === 'invalid_password') return fail(400, { error: result.error });
    return fail(410, { message: 'reset.invalid_link' });
  }
};
