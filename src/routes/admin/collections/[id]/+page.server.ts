import { error, fail } from '@sveltejs/kit';
import { findCollection, listMembers } from '$lib/server/collections/collections';
import { addMemberAudited, removeMemberAudited } from '$lib/server/collections/manage';
import { pathId, requireAdmin } from '$lib/server/http/guards';
import { findUserByEmail, listUsers } from '$lib/server/users/users';
import { checkEmail, checkId } from '$lib/server/validate';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireAdmin(locals, url);
  const db = locals.runtime.db;
  const collection = await findCollection(db, pathId(params.id));
  if (!collection) error(404, 'Not found');
  const members = await listMembers(db, collection.id);
  const memberIds = new Set(members.map((m) => m.userId));
  const candidates = (await listUsers(db)).filter((u) => !memberIds.has(u.id) && !u.disabled);
  return { collection: { id: collection.id, name: collection.name }, members, candidates };
};

export const actions: Actions = {
  add: async ({ request, locals, url, params, getClientAddress }) => {
    const admin = requireAdmin(locals, url);
    const db = locals.runtime.db;
    const id = pathId(params.id);
    if (!(await findCollection(db, id))) error(404, 'Not found');
    const email = checkEmail((await request.formData()).get('email'));
    const user = email.ok ? await findUserByEmail(db, email.value) : undefined;
    if (!user) return fail(400, { error: 'error.not_found' as const });
    await addMemberAudited(db, { id: admin.id, ip: getClientAddress() }, id, user.id);
    return { saved: true };
  },
  remove: async ({ request, locals, url, params, getClientAddress }) => {
    const admin = requireAdmin(locals, url);
    const id = pathId(params.id);
    const userId = checkId((await request.formData()).get('userId'));
    if (!userId.ok) return fail(404, { error: userId.error });
    const { db, dialect } = locals.runtime;
    await removeMemberAudited(db, dialect, { id: admin.id, ip: getClientAddress() }, id, userId.value);
    return { saved: true };
  }
};
