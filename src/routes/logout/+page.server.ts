import { redirect } from '@sveltejs/kit';
import { audit } from '$lib/server/audit/log';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { invalidateSession } from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ locals, cookies, url, getClientAddress }) => {
    if (locals.session) {
      await invalidateSession(locals.runtime.db, locals.session.id);
      await audit(locals.runtime.db, {
        actorId: locals.session.user_id,
        action: 'auth.sign_out',
        target: locals.session.user_id,
        ip: getClientAddress()
      });
    }
    deleteSessionCookie(cookies, url);
    redirect(303, '/login');
  }
};
