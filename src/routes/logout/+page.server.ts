import { redirect } from '@sveltejs/kit';
import { endSession } from '$lib/server/auth/start-session';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions: Actions = {
  default: async ({ locals, cookies, url, getClientAddress }) => {
    await endSession(locals.runtime.db, cookies, url, locals.session, getClientAddress());
    redirect(303, '/login');
  }
};
