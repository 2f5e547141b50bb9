import { json } from '@sveltejs/kit';
import { describeItem } from '$lib/server/evidence/items';
import { requireApiItem } from '$lib/server/http/api';
import { effectiveLabel, labelOf } from '$lib/server/wellbeing/labels';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { item, response } = await requireApiItem(locals, params.id);
  if (response) return response;
  const db = locals.runtime.db;
  const label = await labelOf(db, { kind: 'item', id: item.id });
  return json({
    ...describeItem(item, url.origin),
    label,
    effectiveLabel: await effectiveLabel(db, item.id)
  });
};
