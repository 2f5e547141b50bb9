import { json } from '@sveltejs/kit';
import { readOnly } from '$lib/model/roles';
import { collectionForUser } from '$lib/server/auth/access/collections';
import { computeSuggestions, listSuggestions } from '$lib/server/bodies/suggest';
import { apiError, requireApiUser } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

const STATUSES = ['pending', 'accepted', 'rejected'] as const;

/** `?status=pending|accepted|rejected` (default pending) → `{ suggestions }`. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const db = locals.runtime.db;
  if (!(await collectionForUser(db, user, params.id)).ok) return apiError('not_found', 'No such collection.');
  const status = url.searchParams.get('status') ?? 'pending';
  const known = STATUSES.find((s) => s === status);
  if (!known) return apiError('bad_request', 'status must be pending, accepted or rejected');
  return json({ suggestions: await listSuggestions(db, params.id, known) });
};

/** Computes the candidates again → `{ pending, suggestions }`; nothing is grouped. */
export const POST: RequestHandler = async ({ locals, params }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const db = locals.runtime.db;
  if (!(await collectionForUser(db, user, params.id)).ok) return apiError('not_found', 'No such collection.');
  if (readOnly(user)) return apiError('forbidden', 'Observers do not group photographs.');
  const pending = await computeSuggestions(db, params.id);
  return json({ pending, suggestions: await listSuggestions(db, params.id) });
};
