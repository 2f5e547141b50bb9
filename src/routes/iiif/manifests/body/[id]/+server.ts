import { bodyForUser } from '$lib/server/auth/access/bodies';
import { iiifError, iiifJson, iiifPreflight, iiifUser } from '$lib/server/iiif/http';
import { bodyManifest } from '$lib/server/iiif/presentation';
import type { RequestHandler } from './$types';

/** The IIIF Presentation 3.0 Manifest of a body: one Canvas per photograph, in the body's order. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { user, response } = iiifUser(locals);
  if (response) return response;
  const access = await bodyForUser(locals.runtime.db, user, params.id);
  if (!access.ok) return iiifError(locals, access.status, 'No such body.');
  return iiifJson(locals, await bodyManifest(locals.runtime.db, url.origin, access.body));
};

export const OPTIONS: RequestHandler = () => iiifPreflight();
