/** The API's side of describe once: `GET|PUT /api/items/:id/description`, `…/bodies/:id/description`. */
import { json } from '@sveltejs/kit';
import { readOnly } from '../../model/roles.ts';
import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { apiError, jsonBody } from '../http/api.ts';
import { checkDescription, descriptionOf, writeDescription } from './descriptions.ts';
import type { LabelTarget } from './labels.ts';

/** What a blind reviewer hears who asks for the description of what they review. */
export const DESCRIPTION_BLIND =
  'You are reviewing this blind: submit your review before you read its description.';

/** `{ description }` (null: none yet), or 403 while the caller reviews it blind. */
export async function getDescription(db: Db, target: LabelTarget, blind: boolean) {
  if (blind) return apiError('forbidden', DESCRIPTION_BLIND);
  return json({ description: await descriptionOf(db, target) });
}

/**
 * Writes the description of a target the caller may see (the route checked that). A blind reviewer
 * writes only the first one: 409 when one exists, whose text they may not read or replace.
 */
export async function putDescription(
  db: Db,
  user: UserRow,
  target: LabelTarget,
  request: Request,
  context: { blind: boolean; ip: string }
): Promise<Response> {
  if (readOnly(user)) return apiError('forbidden', 'Observers cannot write descriptions.');
  const sent = await jsonBody(request, 'Send { "visible", "location", "severity" } as JSON.');
  if (!sent.ok) return sent.response;
  const input = checkDescription(sent.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const written = await writeDescription(db, user.id, target, input.value, {
    firstOnly: context.blind,
    ip: context.ip
  });
  if (!written)
    return apiError(
      'conflict',
      'This is described already; you can read the description once you have submitted.'
    );
  return context.blind ? json({ written: true }) : json({ description: await descriptionOf(db, target) });
}
