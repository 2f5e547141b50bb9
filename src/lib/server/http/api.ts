/**
 * The SvelteKit API's side of the error contract (errors.ts) and its guards: who is asking, which
 * item, the body. Every API error has the one shape `{ error: { code, message } }`.
 */
import { json } from '@sveltejs/kit';
import type { ItemRow, UserRow } from '../db/schema.ts';
import { REFUSED } from '../auth/authenticate.ts';
import { BODY_BLIND_DENIED, blindOnBody, bodyForUser } from '../auth/access/bodies.ts';
import {
  BLIND_DENIED,
  ITEM_DENIED,
  collectionForUser,
  itemForUser,
  sharedLayerForUser
} from '../auth/access/collections.ts';
import { personForUser } from '../auth/access/persons.ts';
import type { BodyRow } from '../bodies/bodies.ts';
import type { PersonRow } from '../persons/register.ts';
import { BODY_LIMITS } from './body-limits.ts';
import { ERROR_STATUS, errorBody, type ErrorCode } from './errors.ts';

export function apiError(code: ErrorCode, message: string, headers?: Record<string, string>): Response {
  return json(errorBody(code, message), { status: ERROR_STATUS[code], headers });
}

export type ApiGuard = { user: UserRow; response?: never } | { user?: never; response: Response };

export function requireApiUser(locals: App.Locals): ApiGuard {
  if (!locals.user || locals.pendingSecondFactor)
    return { response: apiError('unauthorized', REFUSED.noCredentials) };
  return { user: locals.user };
}

export type ApiItemGuard =
  { user: UserRow; item: ItemRow; response?: never } | { user?: never; item?: never; response: Response };

/**
 * A signed-in user and an item they may see, or the answer that refuses it. `layer: 'shared'`: the
 * request reads or writes the item's shared layer (closed while the user reviews the item blind).
 */
export async function requireApiItem(
  locals: App.Locals,
  itemId: string,
  options: { layer?: 'shared' } = {}
): Promise<ApiItemGuard> {
  const { user, response } = requireApiUser(locals);
  if (response) return { response };
  const find = options.layer === 'shared' ? sharedLayerForUser : itemForUser;
  const access = await find(locals.runtime.db, user, itemId);
  if (!access.ok) {
    const denied = access.blind ? BLIND_DENIED : ITEM_DENIED[access.status];
    return { response: apiError(denied.code, denied.message) };
  }
  return { user, item: access.item };
}

export type ApiBodyGuard =
  { user: UserRow; body: BodyRow; response?: never } | { user?: never; body?: never; response: Response };

/**
 * A signed-in user and a body they may see (a miss and another collection's body are both 404), or
 * the answer that refuses it. `layer: 'shared'`: the request opens what the body's photos show to
 * everyone (a co-viewing session), closed (403) while the user reviews any photo of the body blind.
 */
export async function requireApiBody(
  locals: App.Locals,
  bodyId: string,
  options: { layer?: 'shared' } = {}
): Promise<ApiBodyGuard> {
  const { user, response } = requireApiUser(locals);
  if (response) return { response };
  const db = locals.runtime.db;
  const access = await bodyForUser(db, user, bodyId);
  if (!access.ok) return { response: apiError('not_found', 'No such body.') };
  if (options.layer === 'shared' && (await blindOnBody(db, user.id, access.body.id)))
    return { response: apiError(BODY_BLIND_DENIED.code, BODY_BLIND_DENIED.message) };
  return { user, body: access.body };
}

export type ApiCollectionGuard = { user: UserRow; response?: never } | { user?: never; response: Response };

/** A signed-in user who may see the collection (`?collection=` of a listing): 404 none, 403 not theirs. */
export async function requireApiCollection(
  locals: App.Locals,
  collectionId: string
): Promise<ApiCollectionGuard> {
  const { user, response } = requireApiUser(locals);
  if (response) return { response };
  const access = await collectionForUser(locals.runtime.db, user, collectionId);
  if (access.ok) return { user };
  return {
    response:
      access.status === 404
        ? apiError('not_found', 'No such collection.')
        : apiError('forbidden', 'You are not a member of this collection.')
  };
}

export type ApiPersonGuard =
  | { user: UserRow; person: PersonRow; response?: never }
  | { user?: never; person?: never; response: Response };

/** A signed-in user and a person of the register they may see (a miss and another collection's are 404). */
export async function requireApiPerson(locals: App.Locals, personId: string): Promise<ApiPersonGuard> {
  const { user, response } = requireApiUser(locals);
  if (response) return { response };
  const access = await personForUser(locals.runtime.db, user, personId);
  if (!access.ok) return { response: apiError('not_found', 'No such person.') };
  return { user, person: access.person };
}

/** A refusal of a capability (`{ status, code, error }`) as the API's answer. */
export function refusal(refused: { code: ErrorCode; error: string }): Response {
  return apiError(refused.code, refused.error);
}

export class BodyTooLarge extends Error {
  constructor(limit: number) {
    super(`The body is larger than ${limit} bytes.`);
  }
}

/** The body as JSON; throws BodyTooLarge past `maxBytes`, SyntaxError when it is not JSON. */
async function readJson(request: Request, maxBytes: number = BODY_LIMITS.json): Promise<unknown> {
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes) throw new BodyTooLarge(maxBytes);
  return JSON.parse(text);
}

/**
 * The body as JSON, or the 400/413 that refuses it. `hint` says what to send. A body over the
 * server's own limit (BODY_SIZE_LIMIT) fails while being read and is answered 413 the same way.
 */
export async function jsonBody(
  request: Request,
  hint: string,
  maxBytes?: number
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  try {
    return { ok: true, value: await readJson(request, maxBytes) };
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (err instanceof BodyTooLarge) return { ok: false, response: apiError('too_large', err.message) };
    if (status === 413) return { ok: false, response: apiError('too_large', (err as Error).message) };
    return { ok: false, response: apiError('bad_request', hint) };
  }
}
