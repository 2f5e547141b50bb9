import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { readOnly } from '$lib/model/roles';
import { apiError, jsonBody, refusal, requireApiPerson } from '$lib/server/http/api';
import { markDistinct, mergePerson, unmergePerson } from '$lib/server/persons/dedup';
import { checkRequest, isId } from '$lib/server/validate';
import type { RequestHandler } from './$types';

const OtherSchema = v.object({ other: v.custom<string>(isId, 'other must be a person id') });

/**
 * De-duplication: `merge { other }` merges this person into `other`; `unmerge` undoes it;
 * `distinct { other }` marks the two as not the same. Audited; observers refused.
 */
export const POST: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, person, response } = await requireApiPerson(locals, params.id);
  if (response) return response;
  if (!['merge', 'unmerge', 'distinct'].includes(params.action))
    return apiError('not_found', 'No such action: merge, unmerge or distinct.');
  if (readOnly(user)) return apiError('forbidden', 'Observers cannot change the register.');
  const db = locals.runtime.db;
  const ip = getClientAddress();
  if (params.action === 'unmerge') {
    const done = await unmergePerson(db, user.id, person.id, ip);
    return done.ok ? json({ ok: true }) : refusal(done);
  }
  const body = await jsonBody(request, 'Send { other: <person id> } as JSON.');
  if (!body.ok) return body.response;
  const input = checkRequest(OtherSchema, body.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const done =
    params.action === 'merge'
      ? await mergePerson(db, user.id, person.id, input.value.other, ip)
      : await markDistinct(db, user.id, person.id, input.value.other, ip);
  return done.ok ? json({ ok: true }) : refusal(done);
};
