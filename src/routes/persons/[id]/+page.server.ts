import { fail } from '@sveltejs/kit';
import { confirmsIdentification, exportsDossiers, readOnly } from '$lib/model/roles';
import { blindItems } from '$lib/server/auth/access/blind';
import { bodyForUser } from '$lib/server/auth/access/bodies';
import { identificationForUser } from '$lib/server/auth/access/persons';
import { requirePerson } from '$lib/server/http/guards';
import { markDistinct, mergePerson, unmergePerson } from '$lib/server/persons/dedup';
import { ExcludeSchema, ProposeSchema } from '$lib/server/persons/identification-input';
import {
  bodyByIdentifier,
  confirmIdentification,
  excludeIdentification,
  proposeIdentification
} from '$lib/server/persons/identifications';
import { personView } from '$lib/server/persons/view';
import { refusedForm } from '$lib/server/persons/form-errors';
import { normalizeIdentifier } from '$lib/model/identifiers';
import { checkRequest, isId } from '$lib/server/validate';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { user, person } = await requirePerson(locals, url, params.id);
  return {
    person: await personView(
      locals.runtime.db,
      person,
      locals.locale,
      await blindItems(locals.runtime.db, user.id)
    ),
    canWrite: !readOnly(user),
    canConfirm: confirmsIdentification(user),
    exportsDossiers: exportsDossiers(user),
    userId: user.id
  };
};

const field = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

type Event = Parameters<Actions[string]>[0];

/** A signed-in member who may write, and the form. */
async function writer(event: Event) {
  const { user, person } = await requirePerson(event.locals, event.url, event.params.id ?? '');
  return { user, person, form: await event.request.formData(), ip: event.getClientAddress() };
}

/** One identification of this person, by the form's `identificationId`. */
async function identificationOf(event: Event, form: FormData, personId: string, user: App.Locals['user']) {
  const id = String(form.get('identificationId') ?? '');
  const access = user ? await identificationForUser(event.locals.runtime.db, user, id) : null;
  return access?.ok && access.identification.person_id === personId ? id : null;
}

export const actions: Actions = {
  propose: async (event) => {
    const { user, person, form, ip } = await writer(event);
    if (readOnly(user)) return fail(403, { error: 'persons.error_observer' });
    const db = event.locals.runtime.db;
    const ref = field(form, 'body') ?? '';
    const input = checkRequest(ProposeSchema, {
      personId: person.id,
      ...(isId(ref) ? { bodyId: ref } : { identifier: ref }),
      note: field(form, 'note')
    });
    if (!input.ok) return refusedForm(event.locals.locale, 400, input.error);
    let bodyId = input.value.bodyId;
    if (bodyId === undefined) {
      const found = await bodyByIdentifier(
        db,
        person.collection_id,
        normalizeIdentifier(input.value.identifier ?? '')
      );
      if (!found.ok) return refusedForm(event.locals.locale, found.status, found.error);
      bodyId = found.bodyId;
    }
    const body = await bodyForUser(db, user, bodyId);
    if (!body.ok) return refusedForm(event.locals.locale, 404, 'No such body.');
    const made = await proposeIdentification(
      db,
      user,
      { person, body: body.body, note: input.value.note },
      ip
    );
    return made.ok ? { proposed: made.id } : refusedForm(event.locals.locale, made.status, made.error);
  },
  confirm: async (event) => {
    const { user, person, form, ip } = await writer(event);
    const id = await identificationOf(event, form, person.id, user);
    if (!id) return refusedForm(event.locals.locale, 404, 'No such identification.');
    const done = await confirmIdentification(event.locals.runtime.db, user, id, ip);
    return done.ok ? { confirmed: done.status } : refusedForm(event.locals.locale, done.status, done.error);
  },
  exclude: async (event) => {
    const { user, person, form, ip } = await writer(event);
    const id = await identificationOf(event, form, person.id, user);
    if (!id) return refusedForm(event.locals.locale, 404, 'No such identification.');
    const input = checkRequest(ExcludeSchema, { reason: field(form, 'reason') ?? '' });
    if (!input.ok) return refusedForm(event.locals.locale, 400, input.error);
    const done = await excludeIdentification(event.locals.runtime.db, user, id, input.value.reason, ip);
    return done.ok ? { excluded: id } : refusedForm(event.locals.locale, done.status, done.error);
  },
  dedup: async (event) => {
    const { user, person, form, ip } = await writer(event);
    if (readOnly(user)) return fail(403, { error: 'persons.error_observer' });
    const db = event.locals.runtime.db;
    const other = String(form.get('other') ?? '');
    const action = form.get('decision');
    const done =
      action === 'unmerge'
        ? await unmergePerson(db, user.id, person.id, ip)
        : !isId(other)
          ? null
          : action === 'merge'
            ? await mergePerson(db, user.id, other, person.id, ip)
            : await markDistinct(db, user.id, person.id, other, ip);
    if (!done) return fail(400, { error: 'persons.error_person' });
    return done.ok ? { decided: true } : refusedForm(event.locals.locale, done.status, done.error);
  }
};
