import { json } from '@sveltejs/kit';
import { blindItems } from '$lib/server/auth/access/blind';
import { requireApiPerson } from '$lib/server/http/api';
import { personView } from '$lib/server/persons/view';
import type { RequestHandler } from './$types';

/** The person, their mentions with pages, duplicates to review and identifications with their state. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, person, response } = await requireApiPerson(locals, params.id);
  if (response) return response;
  const db = locals.runtime.db;
  return json(await personView(db, person, locals.locale, await blindItems(db, user.id)));
};
