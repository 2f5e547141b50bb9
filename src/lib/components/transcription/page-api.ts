/** The page's transcription API from the browser (`/api/items/:id/…`), errors as values. */

import { tApiError } from '$lib/i18n/t.svelte';

export const PAGE_STATUSES = ['in_progress', 'needs_review', 'approved'] as const;
export type PageStatus = (typeof PAGE_STATUSES)[number];

export type VersionSummary = {
  id: string;
  at: number;
  reason: 'activity' | 'status' | 'restore';
  authors: string[];
  /** For a status change: the status entered and who moved the page there (null: the server). */
  status: PageStatus | null;
  changedBy: string | null;
};

export type PageState = {
  status: PageStatus;
  submittedBy: string | null;
  approvedBy: string | null;
  versions: VersionSummary[];
};

export type ApiResult<T> =
  { ok: true; data: T } | { ok: false; status: number; code: string; message: string };

export async function api<T>(
  path: string,
  init: { method?: 'GET' | 'POST'; json?: unknown } = {}
): Promise<ApiResult<T>> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers: init.json === undefined ? {} : { 'content-type': 'application/json' },
      body: init.json === undefined ? undefined : JSON.stringify(init.json)
    });
  } catch (err) {
    return { ok: false, status: 0, code: 'network', message: String(err) };
  }
  const body = (await res.json().catch(() => null)) as
    (T & { error?: undefined }) | { error?: { code?: string; message?: string } } | null;
  if (res.ok) return { ok: true, data: body as T };
  const error = body && 'error' in body && body.error ? body.error : {};
  return {
    ok: false,
    status: res.status,
    code: error.code ?? String(res.status),
    message: tApiError(res.status, error)
  };
}

export const pageState = (itemId: string) => api<PageState>(`/api/items/${itemId}/transcription`);

export const changeStatus = (itemId: string, status: PageStatus) =>
  api<{ status: PageStatus }>(`/api/items/${itemId}/status`, { method: 'POST', json: { status } });

export const versionText = (itemId: string, versionId: string) =>
  api<VersionSummary & { text: string }>(`/api/items/${itemId}/versions/${versionId}`);

export const restoreVersion = (itemId: string, versionId: string) =>
  api<{ restored: string }>(`/api/items/${itemId}/versions/${versionId}/restore`, { method: 'POST' });

export const runOcr = (itemId: string, lang: 'ara' | 'eng') =>
  api<{ text: string }>(`/api/items/${itemId}/ocr`, { method: 'POST', json: { lang } });
