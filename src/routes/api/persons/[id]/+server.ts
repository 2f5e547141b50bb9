import { json } from '@sveltejs/kit';
import { requireApiPerson } from '$lib/server/http/api';
import { personView } from '$lib/server/persons/view';
import type { RequestHandler } from './$types';

/** The person, their mentions with pages, duplicates to review and identifications with their state. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { person, response } = await requireApiPerson(locals, params.id);
  if (response) return response;
  return json(await personView(locals.runtime.db, person, locals.locale));
};
