import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE } from './session.ts';

export function setSessionCookie(cookies: Cookies, url: URL, token: string, expiresAt: number): void {
  cookies.set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: url.protocol === 'https:',
    expires: new Date(expiresAt)
  });
}

export function deleteSessionCookie(cookies: Cookies, url: URL): void {
  cookies.delete(SESSION_COOKIE, { path: '/', secure: url.protocol === 'https:' });
}
