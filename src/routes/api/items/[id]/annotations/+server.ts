import { json } from '@sveltejs/kit';
import { itemRoom } from '$lib/model/rooms';
import { importAnnotations, parseImport } from '$lib/server/annotations/import';
import { W3C_HEADERS, annotationPage } from '$lib/server/annotations/page';
import { readOnly } from '$lib/server/auth/permissions';
import { apiError, readJson, requireApiItem } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

async function access(locals: App.Locals, id: string) {
  const { user, item, response } = await requireApiItem(locals, id, { layer: 'shared' });
  if (response) return { response };
  if (!locals.runtime.collab)
    return { response: apiError('unavailable', 'The collaboration server is not running.') };
  return { user, item, collab: locals.runtime.collab };
}

/** The shared layer as a W3C Web Annotation AnnotationPage. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const found = await access(locals, params.id);
  if (found.response) return found.response;
  const doc = await found.collab.read(itemRoom(params.id));
  const page = await annotationPage(locals.runtime.db, url.origin, found.item, { doc });
  return json(page, { headers: W3C_HEADERS });
};

/** Imports W3C annotations (one, an array, or an AnnotationPage) into the live document: all or nothing. */
export const POST: RequestHandler = async ({ locals, params, url, request, getClientAddress }) => {
  const found = await access(locals, params.id);
  if (found.response) return found.response;
  const { user, item, collab } = found;
  const importer = { id: user.id, readOnly: readOnly(user), expert: user.expert === 1 };
  if (importer.readOnly) return apiError('forbidden', 'Observers cannot change anything.');
  let body: unknown;
  try {
    body = await readJson(request, 2 * 1024 * 1024);
  } catch {
    return apiError('bad_request', 'Send W3C annotations as JSON (at most 2 MB).');
  }
  const parsed = parseImport(body, importer, item);
  if (!parsed.ok) return apiError(parsed.code, parsed.message);
  await importAnnotations(locals.runtime.db, collab, params.id, importer, parsed.records, getClientAddress());
  const page = await annotationPage(locals.runtime.db, url.origin, item, { records: parsed.records });
  return json(page, { status: 201, headers: W3C_HEADERS });
};
