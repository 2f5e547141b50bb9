import { json } from '@sveltejs/kit';
import { requireApiItem } from '$lib/server/http/api';
import { putLabel } from '$lib/server/wellbeing/label-api';
import { effectiveLabel, labelOf } from '$lib/server/wellbeing/labels';
import type { RequestHandler } from './$types';

/** → `{ own, effective }`: the item's own label and the one that applies (with its bodies'). */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { item, response } = await requireApiItem(locals, params.id);
  if (response) return response;
  const db = locals.runtime.db;
  return json({
    own: await labelOf(db, { kind: 'item', id: item.id }),
    effective: await effectiveLabel(db, item.id)
  });
};

/** `{ severity: 1 | 2 | 3 | null, tags: [...] }` → the stored label. */
export const PUT: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, item, response } = await requireApiItem(locals, params.id);
  if (response) return response;
  return putLabel(locals, user, { kind: 'item', id: item.id }, request, getClientAddress());
};
