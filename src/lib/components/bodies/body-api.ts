/**
 * The browser's calls to the bodies API (same origin: the session cookie and our Origin go with
 * them). Expected refusals come back as results with the server's message, not exceptions.
 */
import type { ApiError } from '$lib/i18n/api-errors';
import { tApiError } from '$lib/i18n/t.svelte';

export type Result<T> = { ok: true; value: T } | { ok: false; status: number; message: string };

export async function call<T>(url: string, method = 'GET', body?: unknown): Promise<Result<T>> {
  try {
    const response = await fetch(url, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const data = response.status === 204 ? null : await response.json().catch(() => null);
    if (response.ok) return { ok: true, value: data as T };
    const message = tApiError(response.status, (data as { error?: ApiError } | null)?.error);
    return { ok: false, status: response.status, message };
  } catch (err) {
    return { ok: false, status: 0, message: String(err) };
  }
}

/** A call whose answer the page does not need: the server's message when refused, else null. */
async function send(method: string, url: string, body: unknown): Promise<string | null> {
  const result = await call<unknown>(url, method, body);
  return result.ok ? null : result.message;
}

export const patchBody = (bodyId: string, change: Record<string, unknown>) =>
  send('PATCH', `/api/bodies/${bodyId}`, change);

export const enterIdentifier = (bodyId: string, kind: string, value: string) =>
  send('POST', `/api/bodies/${bodyId}/identifiers`, { kind, value });

export type IdentifierView = {
  id: string;
  kind: string;
  raw: string | null;
  status: string;
  entries: Array<{ userId: string; enteredAt: number }>;
};
