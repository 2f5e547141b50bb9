import { fail, redirect } from '@sveltejs/kit';
import { readOnly } from '$lib/model/roles';
import { requireCollection } from '$lib/server/http/guards';
import { searchRegister } from '$lib/server/persons/candidates';
import { NewPersonSchema, personFromForm } from '$lib/server/persons/input';
import { refusedForm } from '$lib/server/persons/form-errors';
import { createPerson, listPersons } from '$lib/server/persons/register';
import { checkRequest } from '$lib/server/validate';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { user, collection } = await requireCollection(locals, url, params.id);
  const q = (url.searchParams.get('q') ?? '').trim().slice(0, 300);
  const db = locals.runtime.db;
  return {
    collection: { id: collection.id, name: collection.name },
    q,
    persons: q ? await searchRegister(db, collection.id, q) : await listPersons(db, collection.id, 500),
    canWrite: !readOnly(user)
  };
};

export const actions: Actions = {
  create: async ({ locals, url, params, request, getClientAddress }) => {
    const { user, collection } = await requireCollection(locals, url, params.id);
    if (readOnly(user))
      return fail(403, { error: 'persons.error_observer', values: {} as Record<string, string> });
    const form = await request.formData();
    const input = checkRequest(NewPersonSchema, personFromForm(form, collection.id));
    if (!input.ok)
      return refusedForm(locals.locale, 400, input.error, {
        values: Object.fromEntries([...form].filter(([, v]) => typeof v === 'string')) as Record<
          string,
          string
        >
      });
    const { id } = await createPerson(locals.runtime.db, user.id, input.value, getClientAddress());
    redirect(303, `/persons/${id}`);
  }
};
