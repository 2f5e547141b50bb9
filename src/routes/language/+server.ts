import { redirect } from '@sveltejs/kit';
import { LOCALE_COOKIE, isLocale } from '$lib/i18n';
import { safeNext } from '$lib/server/http/guards';
import { setUserLocale } from '$lib/server/users/locale';
import type { RequestHandler } from './$types';

/** The language switch: remembered in a cookie, and on the account when signed in. */
export const GET: RequestHandler = async ({ url, cookies, locals, request }) => {
  const to = url.searchParams.get('to');
  if (isLocale(to)) {
    cookies.set(LOCALE_COOKIE, to, {
      path: '/',
      httpOnly: false,
      sameSite: 'lax',
      maxAge: 60 * 60 * 24 * 365
    });
    // Why: a GET can be triggered by another site's link; only a click on our own pages
    // (Sec-Fetch-Site: same-origin) may change what the account remembers.
    if (locals.user && !locals.pendingSecondFactor && request.headers.get('sec-fetch-site') === 'same-origin')
      await setUserLocale(locals.runtime.db, locals.user.id, to);
  }
  redirect(303, safeNext(url.searchParams.get('back')));
};
