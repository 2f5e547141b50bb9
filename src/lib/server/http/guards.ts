import { error, redirect } from '@sveltejs/kit';
import type { ItemRow, UserRow } from '../db/schema.ts';
import { isAdmin, oversees } from '../../model/roles.ts';
import {
  BLIND_DENIED,
  collectionForUser,
  itemForUser,
  sharedLayerForUser,
  type Collection
} from '../auth/access/collections.ts';
import { personForUser } from '../auth/access/persons.ts';
import { adjudicableQueue, queueForUser, type Queue } from '../auth/access/queues.ts';
import type { PersonRow } from '../persons/register.ts';
import { checkId } from '../validate.ts';

/** What a refused page says (the API's answers are in auth/access/collections.ts ITEM_DENIED and errors.ts). */
const PAGE_DENIED = { 403: 'Forbidden', 404: 'Not found' } as const;

/** Pages: a signed-in user, or a redirect to sign-in that comes back here. */
export function requireUser(locals: App.Locals, url: URL): UserRow {
  if (!locals.user) redirect(303, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
  return locals.user;
}

export function requireAdmin(locals: App.Locals, url: URL): UserRow {
  const user = requireUser(locals, url);
  if (!isAdmin(user)) error(403, 'Administrators only');
  return user;
}

/** Pages for coordinators and administrators. */
export function requireOverseer(locals: App.Locals, url: URL): UserRow {
  const user = requireUser(locals, url);
  if (!oversees(user)) error(403, 'Coordinators only');
  return user;
}

/**
 * A signed-in user and an item (id from the path) they may see, or the 403/404 page. `layer:
 * 'shared'`: the page shows the item's shared layer (closed while the user reviews the item blind).
 */
export async function requireItem(
  locals: App.Locals,
  url: URL,
  itemId: string,
  options: { layer?: 'shared' } = {}
): Promise<{ user: UserRow; item: ItemRow }> {
  const user = requireUser(locals, url);
  const find = options.layer === 'shared' ? sharedLayerForUser : itemForUser;
  const access = await find(locals.runtime.db, user, itemId);
  if (!access.ok) error(access.status, access.blind ? BLIND_DENIED.message : PAGE_DENIED[access.status]);
  return { user, item: access.item };
}

/** A signed-in user and a queue (id from the path) they may see, or the 404 page. */
export async function requireQueue(
  locals: App.Locals,
  url: URL,
  queueId: string
): Promise<{ user: UserRow; queue: Queue }> {
  const user = requireUser(locals, url);
  const access = await queueForUser(locals.runtime.db, user, queueId);
  if (!access.ok) error(access.status, PAGE_DENIED[access.status]);
  return { user, queue: access.queue };
}

/** A signed-in user and a collection they may see, or the 403/404 page. */
export async function requireCollection(
  locals: App.Locals,
  url: URL,
  collectionId: string
): Promise<{ user: UserRow; collection: Collection }> {
  const user = requireUser(locals, url);
  const access = await collectionForUser(locals.runtime.db, user, collectionId);
  if (!access.ok) error(access.status, PAGE_DENIED[access.status]);
  return { user, collection: access.collection };
}

/** A signed-in user and a person of the register they may see, or the 404 page (like the API). */
export async function requirePerson(
  locals: App.Locals,
  url: URL,
  personId: string
): Promise<{ user: UserRow; person: PersonRow }> {
  const user = requireUser(locals, url);
  const access = await personForUser(locals.runtime.db, user, personId);
  if (!access.ok) error(404, PAGE_DENIED[404]);
  return { user, person: access.person };
}

/** The adjudication pages: an adjudicator (expert, coordinator, admin) and a blind queue of their collection. */
export async function requireAdjudication(
  locals: App.Locals,
  url: URL,
  queueId: string
): Promise<{ user: UserRow; queue: Queue }> {
  const user = requireUser(locals, url);
  const access = await adjudicableQueue(locals.runtime.db, user, queueId);
  if (!access.ok) error(access.status, access.status === 403 ? 'Adjudicators only' : PAGE_DENIED[404]);
  return { user, queue: access.queue };
}

/** A record id from the path, or a 404: anything else names no record and never reaches the database. */
export function pathId(value: string): string {
  const id = checkId(value);
  if (!id.ok) error(404, PAGE_DENIED[404]);
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
