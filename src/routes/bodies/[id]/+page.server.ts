import { error } from '@sveltejs/kit';
import { confirmsIdentification, evaluatesBodies, exportsDossiers, readOnly } from '$lib/model/roles';
import { blindAmong } from '$lib/server/auth/access/blind';
import { blindOnBody, bodyForUser, verifiesBodyBlind } from '$lib/server/auth/access/bodies';
import { personForUser } from '$lib/server/auth/access/persons';
import { describeBody } from '$lib/server/bodies/bodies';
import { bodyFindings, bodyPhotos } from '$lib/server/bodies/page';
import { findCollection, listMembers } from '$lib/server/collections/collections';
import { requireUser } from '$lib/server/http/guards';
import { bodyIdentificationPanel } from '$lib/server/persons/body-panel';
import { refusedForm } from '$lib/server/persons/form-errors';
import { ProposeSchema } from '$lib/server/persons/identification-input';
import { proposeIdentification } from '$lib/server/persons/identifications';
import { getPreferences } from '$lib/server/wellbeing/settings';
import { descriptionView } from '$lib/server/wellbeing/description-view';
import { labelOf } from '$lib/server/wellbeing/labels';
import { checkRequest } from '$lib/server/validate';
import type { Actions, PageServerLoad } from './$types';

/**
 * The body page: its photos, identifiers, the findings of every photo on the body chart, and the
 * overall evaluation (live, in the `body/<id>` room). Findings of a photo the reader reviews blind
 * are left out, as its shared layer is closed to them.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const user = requireUser(locals, url);
  const db = locals.runtime.db;
  const access = await bodyForUser(db, user, params.id);
  if (!access.ok) error(404, 'No such body');
  const blind = await verifiesBodyBlind(db, user.id, access.body.id);
  const body = await describeBody(db, access.body, user, { blind });
  const ids = body.items.map((item) => item.itemId);
  const searched = (url.searchParams.get('person') ?? '').trim().slice(0, 300);
  const proposes = confirmsIdentification(user);
  const target = { kind: 'body', id: access.body.id } as const;
  const [photos, closed, preferences, collection, members, identification, label, describe] =
    await Promise.all([
      bodyPhotos(db, ids),
      blindAmong(db, user.id, ids),
      getPreferences(db, user.id),
      findCollection(db, body.collectionId),
      listMembers(db, body.collectionId),
      bodyIdentificationPanel(
        db,
        { id: body.id, collectionId: body.collectionId },
        proposes && searched ? { name: searched, locale: locals.locale } : null
      ),
      labelOf(db, target),
      // Closed (no text) while the reader reviews one of its photos blind, as in the API.
      blindOnBody(db, user.id, access.body.id).then((blind) => descriptionView(db, user, target, blind))
    ]);
  const findings = await bodyFindings(
    db,
    ids.filter((id) => !closed.has(id))
  );
  return {
    body,
    photos: body.items.flatMap((item) => {
      const photo = photos.get(item.itemId);
      return photo ? [{ ...photo, role: item.role, order: item.order }] : [];
    }),
    findings,
    preferences,
    label: label && { severity: label.severity, tags: label.tags },
    describe,
    collection: { id: body.collectionId, name: collection?.name ?? '' },
    people: Object.fromEntries(members.map((m) => [m.userId, m.name])) as Record<string, string>,
    me: { id: user.id, name: user.name },
    evaluates: evaluatesBodies(user),
    exportsDossiers: exportsDossiers(user),
    writes: !readOnly(user),
    identification,
    proposes,
    searched
  };
};

export const actions: Actions = {
  /** Experts and coordinators propose a person of the body's collection for it (confirmed by two, later). */
  propose: async ({ locals, url, params, request, getClientAddress }) => {
    const user = requireUser(locals, url);
    const db = locals.runtime.db;
    if (!confirmsIdentification(user))
      return refusedForm(
        locals.locale,
        403,
        'Only forensic experts and coordinators propose identifications.'
      );
    const access = await bodyForUser(db, user, params.id);
    if (!access.ok) return refusedForm(locals.locale, 404, 'No such body.');
    const form = await request.formData();
    const note = String(form.get('note') ?? '').trim();
    const input = checkRequest(ProposeSchema, {
      personId: String(form.get('personId') ?? ''),
      bodyId: access.body.id,
      ...(note ? { note } : {})
    });
    if (!input.ok) return refusedForm(locals.locale, 400, input.error);
    // A person of another collection is as unknown here as one that does not exist.
    const person = await personForUser(db, user, input.value.personId);
    if (!person.ok || person.person.collection_id !== access.body.collection_id)
      return refusedForm(locals.locale, 404, 'No such person.');
    const made = await proposeIdentification(
      db,
      user,
      { person: person.person, body: access.body, note: input.value.note },
      getClientAddress()
    );
    return made.ok ? { proposed: made.id } : refusedForm(locals.locale, made.status, made.error);
  }
};
