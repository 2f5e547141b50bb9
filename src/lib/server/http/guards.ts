import { error, redirect } from '@sveltejs/kit';
import type { UserRow } from '../db/schema.ts';

/** Pages: a signed-in user, or a redirect to sign-in that comes back here. */
export function requireUser(locals: App.Locals, url: URL): UserRow {
  if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  return locals.user;
}

export function requireAdmin(locals: App.Locals, url: URL): UserRow {
  const user = requireUser(locals, url);
  if (user.role !== 'admin') error(403, 'Administrators only');
  return user;
}

/** Only same-site relative paths may be redirect targets (no open redirect). */
export function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** Strings from a form, for re-filling it after an error; passwords are never echoed. */
export function formValues(form: FormData, names: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = form.get(name);
    if (typeof value === 'string') values[name] = value.slice(0, 500);
  }
  return values;
}
