import type { ItemRow, UserRow } from '../db/schema.ts';
import type { CollabService, Runtime } from '../runtime.ts';
import { readOnly } from '../../model/roles.ts';
import { apiError, requireApiItem } from '../http/api.ts';

export type PageAccess =
  | { response: Response }
  | { response?: never; user: UserRow; item: ItemRow; collab: CollabService; runtime: Runtime };

/** API guard for a page: signed in, item visible, collaboration server running; writers not observers. */
export async function pageAccess(locals: App.Locals, itemId: string, write: boolean): Promise<PageAccess> {
  // The shared layer: closed to a reviewer who holds a blind assignment on the item (api.ts).
  const { user, item, response } = await requireApiItem(locals, itemId, { layer: 'shared' });
  if (response) return { response };
  if (write && readOnly(user))
    return { response: apiError('forbidden', 'Observers cannot change anything.') };
  if (!locals.runtime.collab)
    return { response: apiError('unavailable', 'The collaboration server is not running.') };
  return { user, item, collab: locals.runtime.collab, runtime: locals.runtime };
}
