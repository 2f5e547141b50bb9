import { fail } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { checkInvitation, invite } from '$lib/server/accounts/invitations';
import { listLiveInvitations } from '$lib/server/accounts/links';
import { isAdmin } from '$lib/model/roles';
import { formValues, requireAdmin, requireOverseer } from '$lib/server/http/guards';
import { createUserAudited } from '$lib/server/users/manage';
import { listUsers } from '$lib/server/users/users';
import { checkEmail, checkName, checkNewPassword, checkRole } from '$lib/server/validate';
import type { Actions, PageServerLoad } from './$types';

type FieldErrors = Partial<Record<'email' | 'name' | 'password' | 'role', MessageKey>>;

/** Administrators see and manage everyone; coordinators only invite (and see the open invitations). */
export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireOverseer(locals, url);
  const db = locals.runtime.db;
  return {
    users: isAdmin(user) ? await listUsers(db) : [],
    invitations: (await listLiveInvitations(db)).map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      expiresAt: i.expiresAt
    }))
  };
};

export const actions: Actions = {
  invite: async ({ request, locals, url, getClientAddress }) => {
    const user = requireOverseer(locals, url);
    const form = await request.formData();
    const values = formValues(form, ['inviteEmail', 'inviteRole']);
    const checked = checkInvitation({
      email: form.get('inviteEmail'),
      role: form.get('inviteRole'),
      expert: form.get('inviteExpert') === 'on'
    });
    if (!checked.ok) return fail(400, { values, inviteErrors: checked.errors });
    const result = await invite(
      locals.runtime.db,
      locals.runtime.config,
      { id: user.id, role: user.role, ip: getClientAddress(), locale: locals.locale },
      url.origin,
      checked.value
    );
    if (!result.ok) {
      const error: MessageKey =
        result.reason === 'forbidden_role' ? 'invite.forbidden_role' : 'error.email_taken';
      return fail(result.reason === 'forbidden_role' ? 403 : 409, {
        values,
        inviteErrors: result.reason === 'forbidden_role' ? { role: error } : { email: error }
      });
    }
    return { invited: { email: result.link.email, link: result.url, mail: result.mail } };
  },
  create: async ({ request, locals, url, getClientAddress }) => {
    const admin = requireAdmin(locals, url);
    const form = await request.formData();
    const email = checkEmail(form.get('email'));
    const name = checkName(form.get('name'));
    const password = checkNewPassword(form.get('password'));
    const role = checkRole(form.get('role'));
    const values = formValues(form, ['email', 'name', 'role']);
    if (!email.ok || !name.ok || !password.ok || !role.ok) {
      return fail(400, {
        values,
        errors: {
          email: email.ok ? undefined : email.error,
          name: name.ok ? undefined : name.error,
          password: password.ok ? undefined : password.error,
          role: role.ok ? undefined : role.error
        } satisfies FieldErrors
      });
    }
    const user = await createUserAudited(
      locals.runtime.db,
      { id: admin.id, ip: getClientAddress() },
      {
        email: email.value,
        name: name.value,
        password: password.value,
        role: role.value,
        expert: form.get('expert') === 'on'
      }
    );
    const taken: FieldErrors = { email: 'error.email_taken' };
    if (!user) return fail(409, { values, errors: taken });
    return { created: user.email };
  }
};
