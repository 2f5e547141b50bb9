import { redirect } from '@sveltejs/kit';
import { LOCALE_COOKIE, isLocale } from '$lib/i18n';
import { safeNext } from '$lib/server/http/guards';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url, cookies }) => {
  const to = url.searchParams.get('to');
  if (isLocale(to)) {
    cookies.set(LOCALE_COOKIE, to, {
      path: '/',
      httpOnly: false,
      sameSite: 'lax',
      maxAge: 60 * 60 * 24 * 365
    });
  }
  redirect(303, safeNext(url.searchParams.get('back')));
};
