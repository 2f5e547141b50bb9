import type { ItemRow, UserRow } from '../db/schema.ts';
import type { CollabService, Runtime } from '../runtime.ts';
import { itemForUser } from '../evidence/items.ts';
import { apiError, requireApiUser } from '../http/api.ts';

export type PageAccess =
  | { response: Response }
  | { response?: never; user: UserRow; item: ItemRow; collab: CollabService; runtime: Runtime };

/** API guard for a page: signed in, item visible, collaboration server running; writers not observers. */
export async function pageAccess(locals: App.Locals, itemId: string, write: boolean): Promise<PageAccess> {
  const { user, response } = requireApiUser(locals);
  if (response) return { response };
  const found = await itemForUser(locals.runtime.db, user, itemId);
  if (!found.ok) {
    return {
      response:
        found.status === 403
          ? apiError('forbidden', 'You do not have access to this collection.')
          : apiError('not_found', 'No such item.')
    };
  }
  if (write && user.role === 'observer')
    return { response: apiError('forbidden', 'Observers cannot change anything.') };
  if (!locals.runtime.collab)
    return { response: apiError('unavailable', 'The collaboration server is not running.') };
  return { user, item: found.item, collab: locals.runtime.collab, runtime: locals.runtime };
}
