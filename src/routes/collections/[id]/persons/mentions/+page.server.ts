import { fail } from '@sveltejs/kit';
import { readOnly } from '$lib/model/roles';
import { blindItems } from '$lib/server/auth/access/blind';
import { mentionForUser } from '$lib/server/auth/access/persons';
import { requireCollection } from '$lib/server/http/guards';
import { findCandidates } from '$lib/server/persons/candidates';
import { linkMention, unlinkedMentions } from '$lib/server/persons/mentions';
import { refusedForm } from '$lib/server/persons/form-errors';
import { reasonText } from '$lib/model/names/reasons';
import { isId } from '$lib/server/validate';
import type { Actions, PageServerLoad } from './$types';

/** Names per page of the work list: each is matched against the register as it is shown. */
const PAGE = 50;

export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { user, collection } = await requireCollection(locals, url, params.id);
  const db = locals.runtime.db;
  const mentions = await unlinkedMentions(db, collection.id, await blindItems(db, user.id), PAGE);
  const withCandidates = await Promise.all(
    mentions.map(async (m) => ({
      ...m,
      candidates: (await findCandidates(db, collection.id, m.text, 3)).map((c) => ({
        personId: c.personId,
        name: c.name,
        band: c.band,
        reasons: c.reasons.map((r) => reasonText(locals.locale, r))
      }))
    }))
  );
  return {
    collection: { id: collection.id, name: collection.name },
    mentions: withCandidates,
    canWrite: !readOnly(user)
  };
};

export const actions: Actions = {
  link: async ({ locals, url, params, request, getClientAddress }) => {
    const { user } = await requireCollection(locals, url, params.id);
    if (readOnly(user)) return fail(403, { error: 'persons.error_observer' });
    const form = await request.formData();
    const mentionId = String(form.get('mentionId') ?? '');
    const personId = String(form.get('personId') ?? '');
    if (!isId(personId)) return fail(400, { error: 'persons.error_person' });
    const db = locals.runtime.db;
    if (!(await mentionForUser(db, user, mentionId)).ok)
      return refusedForm(locals.locale, 404, 'No such mention.');
    const done = await linkMention(db, user.id, mentionId, personId, getClientAddress());
    if (!done.ok) return refusedForm(locals.locale, done.status, done.error);
    return { linked: mentionId };
  }
};
