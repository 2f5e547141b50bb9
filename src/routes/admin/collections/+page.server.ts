import { fail, redirect } from '@sveltejs/kit';
import { listCollectionsFor } from '$lib/server/collections/collections';
import { createCollectionAudited } from '$lib/server/collections/manage';
import { formValues, requireAdmin } from '$lib/server/http/guards';
import { checkName } from '$lib/server/validate';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const admin = requireAdmin(locals, url);
  return { collections: await listCollectionsFor(locals.runtime.db, admin) };
};

export const actions: Actions = {
  create: async ({ request, locals, url, getClientAddress }) => {
    const admin = requireAdmin(locals, url);
    const form = await request.formData();
    const name = checkName(form.get('name'));
    if (!name.ok) return fail(400, { values: formValues(form, ['name']), error: name.error });
    const created = await createCollectionAudited(
      locals.runtime.db,
      { id: admin.id, ip: getClientAddress() },
      name.value
    );
    if (!created)
      return fail(409, { values: formValues(form, ['name']), error: 'error.name_taken' as const });
    redirect(303, `/admin/collections/${created.id}`);
  }
};
