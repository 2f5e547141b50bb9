import { error, fail } from '@sveltejs/kit';
import { issueResetLink, signInLockedFor, unlockSignIn } from '$lib/server/accounts/passwords';
import { pathId, requireAdmin } from '$lib/server/http/guards';
import { setDisabledAudited, updateUserAudited } from '$lib/server/users/manage';
import { findUser, toPublicUser } from '$lib/server/users/users';
import { checkName, checkRole } from '$lib/server/validate';
import { isAdmin } from '$lib/model/roles';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  requireAdmin(locals, url);
  const user = await findUser(locals.runtime.db, pathId(params.id));
  if (!user) error(404, 'Not found');
  return { subject: toPublicUser(user), lockedFor: await signInLockedFor(locals.runtime.db, user) };
};

export const actions: Actions = {
  resetLink: async ({ locals, url, params, getClientAddress }) => {
    const admin = requireAdmin(locals, url);
    const issued = await issueResetLink(
      locals.runtime.db,
      locals.runtime.config,
      { id: admin.id, ip: getClientAddress() },
      url.origin,
      pathId(params.id)
    );
    if (!issued) error(404, 'Not found');
    return { resetLink: issued.url, mail: issued.mail };
  },
  unlock: async ({ locals, url, params, getClientAddress }) => {
    const admin = requireAdmin(locals, url);
    const id = pathId(params.id);
    if (!(await unlockSignIn(locals.runtime.db, { id: admin.id, ip: getClientAddress() }, id)))
      error(404, 'Not found');
    return { unlocked: true };
  },
  save: async ({ request, locals, url, params, getClientAddress }) => {
    const admin = requireAdmin(locals, url);
    const id = pathId(params.id);
    const form = await request.formData();
    const name = checkName(form.get('name'));
    const role = checkRole(form.get('role'));
    if (!name.ok || !role.ok) {
      return fail(400, {
        errors: { name: name.ok ? undefined : name.error, role: role.ok ? undefined : role.error }
      });
    }
    // An administrator cannot demote themself: the instance must never be left without one.
    if (id === admin.id && !isAdmin({ role: role.value }))
      return fail(400, { message: 'users.self_protect' as const });
    const found = await updateUserAudited(locals.runtime.db, { id: admin.id, ip: getClientAddress() }, id, {
      name: name.value,
      role: role.value,
      expert: form.get('expert') === 'on'
    });
    if (!found) error(404, 'Not found');
    return { saved: true };
  },
  setDisabled: async ({ request, locals, url, params, getClientAddress }) => {
    const admin = requireAdmin(locals, url);
    const id = pathId(params.id);
    const disabled = (await request.formData()).get('disabled') === 'true';
    if (id === admin.id) return fail(400, { message: 'users.self_protect' as const });
    if (
      !(await setDisabledAudited(locals.runtime.db, { id: admin.id, ip: getClientAddress() }, id, disabled))
    ) {
      error(404, 'Not found');
    }
    return { saved: true };
  }
};
