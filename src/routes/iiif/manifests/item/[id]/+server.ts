import { itemForUser } from '$lib/server/auth/access/collections';
import { iiifError, iiifJson, iiifPreflight, iiifUser } from '$lib/server/iiif/http';
import { itemManifest } from '$lib/server/iiif/presentation';
import type { RequestHandler } from './$types';

/** The IIIF Presentation 3.0 Manifest of one item: one Canvas, its image service and its annotations. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { user, response } = iiifUser(locals);
  if (response) return response;
  const access = await itemForUser(locals.runtime.db, user, params.id);
  if (!access.ok) return iiifError(locals, access.status);
  return iiifJson(locals, itemManifest(url.origin, access.item));
};

export const OPTIONS: RequestHandler = () => iiifPreflight();
