import { json } from '@sveltejs/kit';
import { readAnnotations, writeAnnotation, type AnnotationRecord } from '$lib/model/document-schema';
import { itemRoom } from '$lib/model/rooms';
import { W3C_CONTEXT, checkFinding, checkSelector, toW3C } from '$lib/model/w3c';
import { audit } from '$lib/server/audit/log';
import { readOnly } from '$lib/server/auth/permissions';
import { apiError, readJson, requireApiItem } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

const MAX_IMPORT = 1000;

async function access(locals: App.Locals, id: string) {
  const { user, item, response } = await requireApiItem(locals, id);
  if (response) return { response };
  if (!locals.runtime.collab)
    return { response: apiError('unavailable', 'The collaboration server is not running.') };
  return { user, item, collab: locals.runtime.collab };
}

function pageOf(origin: string, itemId: string, records: AnnotationRecord[]) {
  const itemUrl = `${origin}/api/items/${itemId}`;
  return {
    '@context': W3C_CONTEXT,
    id: `${itemUrl}/annotations`,
    type: 'AnnotationPage',
    items: records.map((r) => toW3C(r, itemUrl, (userId) => `${origin}/api/users/${userId}`))
  };
}

/** The shared layer as a W3C Web Annotation AnnotationPage. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const found = await access(locals, params.id);
  if (found.response) return found.response;
  const doc = await found.collab.read(itemRoom(params.id));
  return json(pageOf(url.origin, params.id, readAnnotations(doc)), {
    headers: { 'Content-Type': 'application/ld+json' }
  });
};

/** Imports W3C annotations (one, an array, or an AnnotationPage) into the live document: all or nothing. */
export const POST: RequestHandler = async ({ locals, params, url, request, getClientAddress }) => {
  const found = await access(locals, params.id);
  if (found.response) return found.response;
  const { user, item, collab } = found;
  if (readOnly(user)) return apiError('forbidden', 'Observers cannot change anything.');
  let body: unknown;
  try {
    body = await readJson(request, 2 * 1024 * 1024);
  } catch {
    return apiError('bad_request', 'Send W3C annotations as JSON (at most 2 MB).');
  }
  const page = body as { type?: unknown; items?: unknown };
  const list = Array.isArray(body) ? body : page?.type === 'AnnotationPage' ? page.items : [body];
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_IMPORT) {
    return apiError('bad_request', `Send 1–${MAX_IMPORT} annotations.`);
  }
  const now = Date.now();
  const records: AnnotationRecord[] = [];
  for (const [index, entry] of list.entries()) {
    const annotation = entry as { type?: unknown; body?: unknown; target?: { selector?: unknown } };
    if (annotation?.type !== 'Annotation')
      return apiError('bad_request', `annotation ${index}: type must be "Annotation"`);
    const selector = checkSelector(annotation.target?.selector, item.width, item.height);
    if (!selector.ok) return apiError('bad_request', `annotation ${index}: ${selector.error}`);
    const finding = checkFinding(annotation.body);
    if (!finding.ok) return apiError('bad_request', `annotation ${index}: ${finding.error}`);
    if (finding.value.consistency !== undefined && user.expert !== 1) {
      return apiError(
        'forbidden',
        `annotation ${index}: only forensic experts may give a consistency opinion.`
      );
    }
    records.push({
      id: crypto.randomUUID(),
      target: selector.value,
      finding: finding.value,
      createdBy: user.id,
      createdAt: now,
      updatedBy: user.id,
      updatedAt: now
    });
  }
  await collab.edit(itemRoom(params.id), user.id, (doc) => {
    for (const record of records) writeAnnotation(doc, record);
  });
  await audit(locals.runtime.db, {
    actorId: user.id,
    action: 'annotation.import',
    target: params.id,
    details: { count: records.length, ids: records.map((r) => r.id) },
    ip: getClientAddress()
  });
  return json(pageOf(url.origin, params.id, records), {
    status: 201,
    headers: { 'Content-Type': 'application/ld+json' }
  });
};
