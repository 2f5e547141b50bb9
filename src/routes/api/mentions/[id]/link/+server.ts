import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { readOnly } from '$lib/model/roles';
import { mentionForUser } from '$lib/server/auth/access/persons';
import { apiError, jsonBody, refusal, requireApiUser } from '$lib/server/http/api';
import { linkMention } from '$lib/server/persons/mentions';
import { checkRequest, isId } from '$lib/server/validate';
import type { RequestHandler } from './$types';

const LinkSchema = v.object({
  personId: v.nullable(v.custom<string>(isId, 'personId must be a person id or null'), null)
});

/** `{ personId }` links the mention to that person; `{ personId: null }` unlinks it. Audited. */
export const POST: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const access = await mentionForUser(locals.runtime.db, user, params.id);
  if (!access.ok) return apiError('not_found', 'No such mention.');
  if (readOnly(user)) return apiError('forbidden', 'Observers cannot link names to persons.');
  const body = await jsonBody(request, 'Send { personId } (or { personId: null } to unlink).');
  if (!body.ok) return body.response;
  const input = checkRequest(LinkSchema, body.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const linked = await linkMention(
    locals.runtime.db,
    user.id,
    params.id,
    input.value.personId,
    getClientAddress()
  );
  if (!linked.ok) return refusal(linked);
  return json({ ok: true });
};
