import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { EvaluationInput } from '$lib/model/document-schema';
import { evaluatesBodies } from '$lib/model/roles';
import { putEvaluation } from '$lib/server/bodies/evaluation';
import { apiError, jsonBody, requireApiBody } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

const HINT =
  'Send { opinion, starvation, causeOfDeath, causeConsistent, summary } (choices may be null, texts may be empty).';

/** Replaces the body's overall evaluation, through its room: experts only. */
export const PUT: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, body, response } = await requireApiBody(locals, params.id);
  if (response) return response;
  if (!evaluatesBodies(user))
    return apiError('forbidden', 'Only forensic experts write the overall evaluation.');
  const collab = locals.runtime.collab;
  if (!collab) return apiError('unavailable', 'The collaboration server is not running.');
  const sent = await jsonBody(request, HINT);
  if (!sent.ok) return sent.response;
  const parsed = v.safeParse(EvaluationInput, sent.value);
  if (!parsed.success) return apiError('bad_request', `${parsed.issues[0].message}. ${HINT}`);
  const evaluation = await putEvaluation(
    locals.runtime.db,
    collab,
    body.id,
    user.id,
    parsed.output,
    getClientAddress()
  );
  return json(evaluation);
};
