/** The API's side of content labels: `PUT /api/items/:id/labels` and `PUT /api/bodies/:id/labels`. */
import { json } from '@sveltejs/kit';
import { readOnly } from '../../model/roles.ts';
import type { UserRow } from '../db/schema.ts';
import { apiError, jsonBody } from '../http/api.ts';
import { checkLabel, setLabel, type LabelTarget } from './labels.ts';

/** Sets the label of a target the caller may see (the route has checked that); observers are refused. */
export async function putLabel(
  locals: App.Locals,
  user: UserRow,
  target: LabelTarget,
  request: Request,
  ip: string
): Promise<Response> {
  if (readOnly(user)) return apiError('forbidden', 'Observers cannot change content labels.');
  const sent = await jsonBody(request, 'Send { "severity", "tags" } as JSON.');
  if (!sent.ok) return sent.response;
  const label = checkLabel(sent.value);
  if (!label.ok) return apiError('bad_request', label.error);
  return json(await setLabel(locals.runtime.db, user.id, target, label.value, ip));
}
