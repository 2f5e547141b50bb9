import { collectionForUser } from '$lib/server/auth/access/collections';
import { apiError } from '$lib/server/http/api';
import { iiifError, iiifJson, iiifPreflight, iiifUser } from '$lib/server/iiif/http';
import { collectionPage } from '$lib/server/iiif/presentation';
import type { RequestHandler } from './$types';

/** A collection as a IIIF Collection of Manifests (its documents, then its loose items); `?page=n`. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { user, response } = iiifUser(locals);
  if (response) return response;
  const pageText = url.searchParams.get('page') ?? '1';
  if (!/^[1-9]\d{0,5}$/.test(pageText)) return apiError('bad_request', 'page must be a whole number from 1.');
  const access = await collectionForUser(locals.runtime.db, user, params.id);
  if (!access.ok)
    return iiifError(locals, access.status, access.status === 404 ? 'No such collection.' : undefined);
  return iiifJson(
    locals,
    await collectionPage(locals.runtime.db, url.origin, access.collection, Number(pageText))
  );
};

export const OPTIONS: RequestHandler = () => iiifPreflight();
