import { json } from '@sveltejs/kit';
import type { UserRow } from '../db/schema.ts';

export type ApiErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_many_requests'
  | 'unavailable';

const STATUS: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many_requests: 429,
  unavailable: 503
};

/** Every API error has this one shape: `{ error: { code, message } }`. */
export function apiError(code: ApiErrorCode, message: string, headers?: Record<string, string>): Response {
  return json({ error: { code, message } }, { status: STATUS[code], headers });
}

export type ApiGuard = { user: UserRow; response?: never } | { user?: never; response: Response };

export function requireApiUser(locals: App.Locals): ApiGuard {
  if (!locals.user || locals.pendingSecondFactor)
    return { response: apiError('unauthorized', 'Sign in or send a valid API token.') };
  return { user: locals.user };
}

export async function readJson(request: Request, maxBytes = 64 * 1024): Promise<unknown> {
  const text = await request.text();
  if (text.length > maxBytes) throw new Error('too large');
  return JSON.parse(text);
}
