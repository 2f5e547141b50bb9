import { documentForUser } from '$lib/server/auth/access/collections';
import { iiifError, iiifJson, iiifPreflight, iiifUser } from '$lib/server/iiif/http';
import { documentManifest } from '$lib/server/iiif/presentation';
import type { RequestHandler } from './$types';

/** The IIIF Presentation 3.0 Manifest of a document: one Canvas per page, in page order. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { user, response } = iiifUser(locals);
  if (response) return response;
  const access = await documentForUser(locals.runtime.db, user, params.id);
  if (!access.ok)
    return iiifError(locals, access.status, access.status === 404 ? 'No such document.' : undefined);
  return iiifJson(locals, await documentManifest(locals.runtime.db, url.origin, access.document));
};

export const OPTIONS: RequestHandler = () => iiifPreflight();
