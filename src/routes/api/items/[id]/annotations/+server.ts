import { json } from '@sveltejs/kit';
import { itemRoom } from '$lib/model/rooms';
import { importAnnotations, parseImport } from '$lib/server/annotations/import';
import { W3C_HEADERS, annotationPage } from '$lib/server/annotations/page';
import { documentAt, parseMoment } from '$lib/server/annotations/time-travel';
import { apiError, jsonBody } from '$lib/server/http/api';
import { BODY_LIMITS } from '$lib/server/http/body-limits';
import { pageAccess } from '$lib/server/transcription/page-access';
import type { RequestHandler } from './$types';

/**
 * The shared layer as a W3C Web Annotation AnnotationPage; `?at=<ISO-8601>` as it was at that
 * moment (replayed from the log), `?include=deleted` with deleted findings, marked.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const found = await pageAccess(locals, params.id, false);
  if (found.response) return found.response;
  const includeDeleted = url.searchParams.get('include') === 'deleted';
  const atText = url.searchParams.get('at');
  const db = locals.runtime.db;
  if (atText === null) {
    const doc = await found.collab.read(itemRoom(params.id));
    return json(await annotationPage(db, url.origin, found.item, { doc, includeDeleted }), {
      headers: W3C_HEADERS
    });
  }
  const at = parseMoment(atText);
  if (at === null)
    return apiError('bad_request', 'at must be an ISO-8601 time with a zone, e.g. 2025-05-01T12:00:00Z.');
  // Whatever the live room holds is stored first, so the log is complete up to now.
  await found.collab.read(itemRoom(params.id));
  const past = await documentAt(db, itemRoom(params.id), at);
  const page = await annotationPage(db, url.origin, found.item, { doc: past.doc, includeDeleted });
  past.doc.destroy();
  return json(
    { ...page, 'athar:at': new Date(at).toISOString(), ...(past.truncated && { 'athar:truncated': true }) },
    { headers: W3C_HEADERS }
  );
};

/** Imports W3C annotations (one, an array, or an AnnotationPage) into the live document: all or nothing. */
export const POST: RequestHandler = async ({ locals, params, url, request, getClientAddress }) => {
  const found = await pageAccess(locals, params.id, true);
  if (found.response) return found.response;
  const { user, item, collab } = found;
  // pageAccess(…, true) has refused observers already.
  const importer = { id: user.id, readOnly: false, expert: user.expert === 1 };
  const body = await jsonBody(request, 'Send W3C annotations as JSON.', BODY_LIMITS.annotationImport);
  if (!body.ok) return body.response;
  const parsed = parseImport(body.value, importer, item);
  if (!parsed.ok) return apiError(parsed.code, parsed.message);
  await importAnnotations(locals.runtime.db, collab, params.id, importer, parsed.records, getClientAddress());
  const page = await annotationPage(locals.runtime.db, url.origin, item, { records: parsed.records });
  return json(page, { status: 201, headers: W3C_HEADERS });
};
