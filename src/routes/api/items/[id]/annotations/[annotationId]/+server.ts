import { json } from '@sveltejs/kit';
import { itemRoom } from '$lib/model/rooms';
import { W3C_HEADERS, oneAnnotation } from '$lib/server/annotations/page';
import { apiError } from '$lib/server/http/api';
import { pageAccess } from '$lib/server/transcription/page-access';
import type { RequestHandler } from './$types';

/** One annotation of the shared layer (the `id` of every exported annotation answers here). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const found = await pageAccess(locals, params.id, false);
  if (found.response) return found.response;
  const doc = await found.collab.read(itemRoom(found.item.id));
  const annotation = await oneAnnotation(locals.runtime.db, url.origin, found.item, doc, params.annotationId);
  if (!annotation) return apiError('not_found', 'No such annotation.');
  return json(annotation, { headers: W3C_HEADERS });
};
