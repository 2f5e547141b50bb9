import { json } from '@sveltejs/kit';
import { itemRoom } from '$lib/model/rooms';
import { apiError, jsonBody } from '$lib/server/http/api';
import { PAGE_STATUSES, changeStatus, type PageStatus } from '$lib/server/transcription/status';
import { pageAccess } from '$lib/server/transcription/page-access';
import type { RequestHandler } from './$types';

/** `{ status: "in_progress" | "needs_review" | "approved" }` */
export const POST: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const page = await pageAccess(locals, params.id, true);
  if (page.response) return page.response;
  const body = await jsonBody(request, 'Send { "status" }.');
  if (!body.ok) return body.response;
  const status = (body.value as Record<string, unknown> | null)?.status;
  if (!PAGE_STATUSES.includes(status as PageStatus))
    return apiError('bad_request', `status must be one of ${PAGE_STATUSES.join(', ')}`);
  const doc = await page.collab.read(itemRoom(params.id));
  const result = await changeStatus(
    page.runtime.db,
    params.id,
    status as PageStatus,
    page.user.id,
    doc,
    getClientAddress()
  );
  if (!result.ok) return apiError(result.code, result.message);
  return json({ status: result.status });
};
