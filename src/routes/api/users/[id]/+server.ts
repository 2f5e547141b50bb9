import { json } from '@sveltejs/kit';
import { personUrl } from '$lib/server/annotations/page';
import { apiError, requireApiUser } from '$lib/server/http/api';
import { findUser } from '$lib/server/users/users';
import { isId } from '$lib/server/validate';
import type { RequestHandler } from './$types';

/**
 * A person as the W3C export names them (`creator.id` answers here): their name, nothing more, for
 * any signed-in user; the same names every item page shows its readers.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { response } = requireApiUser(locals);
  if (response) return response;
  const user = isId(params.id) ? await findUser(locals.runtime.db, params.id) : undefined;
  if (!user) return apiError('not_found', 'No such user.');
  return json(
    {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: personUrl(url.origin, user.id),
      type: 'Person',
      name: user.name
    },
    { headers: { 'Content-Type': 'application/ld+json' } }
  );
};
