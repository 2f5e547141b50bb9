import { json } from '@sveltejs/kit';
import { itemRoom } from '$lib/model/rooms';
import { W3C_HEADERS, oneAnnotation } from '$lib/server/annotations/page';
import { apiError, requireApiItem } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

/** One annotation of the shared layer (the `id` of every exported annotation answers here). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { item, response } = await requireApiItem(locals, params.id, { layer: 'shared' });
  if (response) return response;
  const collab = locals.runtime.collab;
  if (!collab) return apiError('unavailable', 'The collaboration server is not running.');
  const doc = await collab.read(itemRoom(item.id));
  const annotation = await oneAnnotation(locals.runtime.db, url.origin, item, doc, params.annotationId);
  if (!annotation) return apiError('not_found', 'No such annotation.');
  return json(annotation, { headers: W3C_HEADERS });
};
