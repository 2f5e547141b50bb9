import { fail } from '@sveltejs/kit';
import { formValues, requireAdmin } from '$lib/server/http/guards';
import { createUserAudited } from '$lib/server/users/manage';
import { listUsers } from '$lib/server/users/users';
import { checkEmail, checkName, checkNewPassword, checkRole } from '$lib/server/validate';
import type { Actions, PageServerLoad } from './$types';

type FieldErrors = Partial<Record<'email' | 'name' | 'password' | 'role', string>>;

export const load: PageServerLoad = async ({ locals, url }) => {
  requireAdmin(locals, url);
  return { users: await listUsers(locals.runtime.db) };
};

export const actions: Actions = {
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
        } as FieldErrors
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
    if (!user) return fail(409, { values, errors: { email: 'error.email_taken' } as FieldErrors });
    return { created: user.email };
  }
};
