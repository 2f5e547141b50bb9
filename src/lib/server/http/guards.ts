import { error, redirect } from '@sveltejs/kit';
import type { UserRow } from '../db/schema.ts';
import { checkId } from '../validate.ts';

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

/** A record id from the path, or a 404: anything else names no record and never reaches the database. */
export function pathId(value: string): string {
  const id = checkId(value);
  if (!id.ok) error(404, 'Not found');
  return id.value;
}

const NEXT_BASE = 'http://athar.invalid';

/**
 * Only same-site paths may be redirect targets (no open redirect). Prefix checks on the raw string
 * are not enough: a browser drops tabs and newlines and reads `\` as `/`, so `/<TAB>/evil.example`
 * would leave the site. The target is resolved the way a browser resolves it and returned in that
 * normalised form, so what we checked is exactly what the browser follows; a normalised path that
 * begins with `//` (`/..//evil.example`) would itself read as another host, so it is refused too.
 */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(next, NEXT_BASE);
  } catch {
    return '/';
  }
  if (url.origin !== NEXT_BASE || url.pathname.startsWith('//')) return '/';
  return url.pathname + url.search + url.hash;
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
