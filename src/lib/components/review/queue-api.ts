/**
 * The browser's calls to the review API (same origin: the session cookie and our Origin go with
 * them). Expected refusals come back as results, not exceptions.
 */
import type { ApiError } from '$lib/i18n/api-errors';
import { tApiError } from '$lib/i18n/t.svelte';

export type Failure = { ok: false; status: number; message: string };

async function failure(response: Response): Promise<Failure> {
  let error: ApiError;
  try {
    error = ((await response.json()) as { error?: ApiError }).error;
  } catch {
    // Not JSON: the status decides the message.
  }
  const message = tApiError(response.status, error);
  return { ok: false, status: response.status, message };
}

async function post(url: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
}

export type NextResult = { ok: true; assignmentId: string | null } | Failure;

/** The caller's next review slot in the queue (their open one first); `null` when nothing is left. */
export async function claimNext(queueId: string): Promise<NextResult> {
  try {
    const response = await post(`/api/queues/${queueId}/next`);
    if (response.status === 204) return { ok: true, assignmentId: null };
    if (!response.ok) return failure(response);
    const { assignment } = (await response.json()) as { assignment: { id: string } };
    return { ok: true, assignmentId: assignment.id };
  } catch (err) {
    return { ok: false, status: 0, message: String(err) };
  }
}

export type Action = 'submit' | 'skip' | 'flag' | 'release';

export async function finish(
  assignmentId: string,
  action: Action,
  reason?: string
): Promise<{ ok: true } | Failure> {
  try {
    const response = await post(
      `/api/assignments/${assignmentId}/${action}`,
      action === 'skip' || action === 'flag' ? { reason } : undefined
    );
    return response.ok ? { ok: true } : failure(response);
  } catch (err) {
    return { ok: false, status: 0, message: String(err) };
  }
}

/** Renews the lease; the new expiry, or a failure (409 once the lease has ended). */
export async function renew(assignmentId: string): Promise<{ ok: true; until: number } | Failure> {
  try {
    const response = await post(`/api/assignments/${assignmentId}/renew`);
    if (!response.ok) return failure(response);
    const { leaseExpiresAt } = (await response.json()) as { leaseExpiresAt: number };
    return { ok: true, until: leaseExpiresAt };
  } catch (err) {
    return { ok: false, status: 0, message: String(err) };
  }
}
