import { fail, redirect } from '@sveltejs/kit';
import { signIn } from '$lib/server/auth/sign-in';
import { startSession } from '$lib/server/auth/start-session';
import { formValues, safeNext } from '$lib/server/http/guards';
import { setupOpen } from '$lib/server/setup/first-admin';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  if (locals.user && !locals.pendingSecondFactor) redirect(303, safeNext(url.searchParams.get('next')));
  if (await setupOpen(locals.runtime.db)) redirect(303, '/setup');
};

export const actions: Actions = {
  default: async ({ request, locals, cookies, url, getClientAddress }) => {
    const form = await request.formData();
    const email = form.get('email');
    const password = form.get('password');
    const values = formValues(form, ['email']);
    if (typeof email !== 'string' || typeof password !== 'string' || !email || !password) {
      return fail(400, { values, message: 'login.invalid' as const, minutes: 0 });
    }
    const result = await signIn(locals.runtime.db, { email, password, ip: getClientAddress() });
    if (!result.ok) {
      return result.reason === 'throttled'
        ? fail(429, {
            values,
            message: 'login.throttled' as const,
            minutes: Math.ceil(result.retryAfter / 60)
          })
        : fail(400, { values, message: 'login.invalid' as const, minutes: 0 });
    }
    await startSession(locals.runtime.db, cookies, url, result.user);
    const next = safeNext(url.searchParams.get('next'));
    redirect(303, result.user.totp_key ? `/login/two-factor?next=${encodeURIComponent(next)}` : next);
  }
};
