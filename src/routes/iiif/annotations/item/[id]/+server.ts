import { itemRoom } from '$lib/model/rooms';
import { BLIND_DENIED, sharedLayerForUser } from '$lib/server/auth/access/collections';
import { apiError } from '$lib/server/http/api';
import { iiifError, iiifJson, iiifPreflight, iiifUser } from '$lib/server/iiif/http';
import { iiifAnnotationPage } from '$lib/server/iiif/annotations';
import type { RequestHandler } from './$types';

/**
 * The shared layer of an item as the IIIF AnnotationPage its Canvas references. Closed, as the
 * layer's page and socket are, to a reviewer who reviews the item blind.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { user, response } = iiifUser(locals);
  if (response) return response;
  const access = await sharedLayerForUser(locals.runtime.db, user, params.id);
  if (!access.ok) return iiifError(locals, access.status, access.blind ? BLIND_DENIED.message : undefined);
  const collab = locals.runtime.collab;
  if (!collab) return apiError('unavailable', 'The collaboration server is not running.');
  const doc = await collab.read(itemRoom(params.id));
  return iiifJson(locals, await iiifAnnotationPage(locals.runtime.db, url.origin, access.item, doc));
};

export const OPTIONS: RequestHandler = () => iiifPreflight();
