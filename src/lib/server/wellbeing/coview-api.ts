/**
 * The API's side of view together, one contract for every subject: `GET|POST|DELETE
 * /api/items/:id/coview` and `…/bodies/:id/coview`. The route has checked that the caller may see the
 * subject's shared view (blind reviewers refused) before any of these run.
 */
import { json } from '@sveltejs/kit';
import * as v from 'valibot';
import type { Db } from '../db/connect.ts';
import { apiError, jsonBody } from '../http/api.ts';
import { checkRequest } from '../validate.ts';
import {
  coviewState,
  joinCoview,
  leaveCoview,
  setCoviewReveal,
  startCoview,
  type CoviewSubject
} from './coview.ts';

/** What the session may be asked to do; `reveal` only takes effect for the lead. */
const ActionSchema = v.variant('action', [
  v.strictObject({ action: v.literal('start') }),
  v.strictObject({ action: v.literal('join') }),
  v.strictObject({ action: v.literal('reveal'), revealed: v.boolean('revealed must be true or false') })
]);

/** `required`: a queue the caller works in asks that the subject be viewed together (coview-rule.ts). */
type Required = () => Promise<boolean>;

/** `{ session, required }`: the session as the caller sees it (null: none). */
export async function getCoview(db: Db, subject: CoviewSubject, userId: string, required: Required) {
  return json({ session: await coviewState(db, subject, userId), required: await required() });
}

/**
 * `{ action: 'start' | 'join' }` or `{ action: 'reveal', revealed }` → `{ session }`; a lead bound by a
 * queue's co-viewing rule cannot reveal while alone in the session (409).
 */
export async function postCoview(
  db: Db,
  subject: CoviewSubject,
  userId: string,
  request: Request,
  required: Required
): Promise<Response> {
  const body = await jsonBody(request, 'Send a JSON body: { "action": "start" | "join" | "reveal" }.', 256);
  if (!body.ok) return body.response;
  const input = checkRequest(ActionSchema, body.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const action = input.value;
  const refused =
    action.action === 'start'
      ? await startCoview(db, subject, userId)
      : action.action === 'join'
        ? await joinCoview(db, subject, userId)
        : await setCoviewReveal(db, subject, userId, action.revealed, {
            alone: (await required()) ? 'refused' : 'allowed'
          });
  if (refused) return apiError(refused.refused, refused.message);
  return json({ session: await coviewState(db, subject, userId) });
}

/** Leave → `{ session }`; the lead leaving ends the session for everyone. */
export async function deleteCoview(db: Db, subject: CoviewSubject, userId: string): Promise<Response> {
  await leaveCoview(db, subject, userId);
  return json({ session: await coviewState(db, subject, userId) });
}
