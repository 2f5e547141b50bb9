import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import { checkRequest } from '$lib/server/validate';
import { apiError, jsonBody, requireApiItem } from '$lib/server/http/api';
import {
  coviewState,
  joinCoview,
  leaveCoview,
  setCoviewReveal,
  startCoview,
  type CoviewRefusal
} from '$lib/server/wellbeing/coview';
import { coviewRequired } from '$lib/server/wellbeing/coview-rule';
import type { RequestHandler } from './$types';

/** What the session may be asked to do; `reveal` only takes effect for the lead. */
const ActionSchema = v.variant('action', [
  v.strictObject({ action: v.literal('start') }),
  v.strictObject({ action: v.literal('join') }),
  v.strictObject({ action: v.literal('reveal'), revealed: v.boolean('revealed must be true or false') })
]);

const refusal = (r: CoviewRefusal) => apiError(r.refused, r.message);

/**
 * Sessions sit on the item's shared view: `layer: 'shared'` refuses (403) someone who reviews the
 * item blind, and someone outside its collection, for every method here.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, item, response } = await requireApiItem(locals, params.id, { layer: 'shared' });
  if (response) return response;
  const db = locals.runtime.db;
  return json({
    session: await coviewState(db, item.id, user.id),
    // A queue the caller works in asks that this item be viewed together (coview-rule.ts).
    required: await coviewRequired(db, user.id, item.id)
  });
};

/**
 * `{ action: 'start' | 'join' }` or `{ action: 'reveal', revealed }` → `{ session }`; a lead bound by a
 * queue's co-viewing rule cannot reveal while alone in the session (409).
 */
export const POST: RequestHandler = async ({ locals, params, request }) => {
  const { user, item, response } = await requireApiItem(locals, params.id, { layer: 'shared' });
  if (response) return response;
  const body = await jsonBody(request, 'Send a JSON body: { "action": "start" | "join" | "reveal" }.', 256);
  if (!body.ok) return body.response;
  const input = checkRequest(ActionSchema, body.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const db = locals.runtime.db;
  const action = input.value;
  const refused =
    action.action === 'start'
      ? await startCoview(db, item.id, user.id)
      : action.action === 'join'
        ? await joinCoview(db, item.id, user.id)
        : await setCoviewReveal(db, item.id, user.id, action.revealed, {
            alone: (await coviewRequired(db, user.id, item.id)) ? 'refused' : 'allowed'
          });
  if (refused) return refusal(refused);
  return json({ session: await coviewState(db, item.id, user.id) });
};

/** Leave; the lead leaving ends the session for everyone. */
export const DELETE: RequestHandler = async ({ locals, params }) => {
  const { user, item, response } = await requireApiItem(locals, params.id, { layer: 'shared' });
  if (response) return response;
  await leaveCoview(locals.runtime.db, item.id, user.id);
  return json({ session: await coviewState(locals.runtime.db, item.id, user.id) });
};
