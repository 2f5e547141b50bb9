import { error, fail, redirect } from '@sveltejs/kit';
import { startSession } from '$lib/server/auth/start-session';
import { formValues } from '$lib/server/http/guards';
import { createFirstAdmin, setupOpen } from '$lib/server/setup/first-admin';
import { checkEmail, checkName, checkNewPassword } from '$lib/server/validate';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  if (!(await setupOpen(locals.runtime.db))) error(404, 'Not found');
};

export const actions: Actions = {
  default: async ({ request, locals, cookies, url, getClientAddress }) => {
    const db = locals.runtime.db;
    if (!(await setupOpen(db))) error(404, 'Not found');
    const form = await request.formData();
    const email = checkEmail(form.get('email'));
    const name = checkName(form.get('name'));
    const password = checkNewPassword(form.get('password'));
    if (!email.ok || !name.ok || !password.ok) {
      return fail(400, {
        values: formValues(form, ['email', 'name']),
        errors: {
          email: email.ok ? undefined : email.error,
          name: name.ok ? undefined : name.error,
          password: password.ok ? undefined : password.error
        }
      });
    }
    const user = await createFirstAdmin(
      db,
      { email: email.value, name: name.value, password: password.value },
      getClientAddress()
    );
    if (!user) error(404, 'Not found');
    await startSession(db, cookies, url, user);
    redirect(303, '/admin/users');
  }
};
