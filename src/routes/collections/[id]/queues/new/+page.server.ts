import { error, fail, redirect } from '@sveltejs/kit';
import type { MessageKey } from '$lib/i18n';
import { oversees, readOnly } from '$lib/model/roles';
import { collectionForUser } from '$lib/server/auth/access/collections';
import { findCollection, listMembers } from '$lib/server/collections/collections';
import { collectionCounts } from '$lib/server/evidence/items';
import { requireUser } from '$lib/server/http/guards';
import { checkQueueInput, createQueue, type QueueErrorCode } from '$lib/server/review/queues';
import type { UserRow } from '$lib/server/db/schema';
import { isId } from '$lib/server/validate';
import type { Actions, PageServerLoad } from './$types';

const MAX_SELECTED = 2000;

/** Coordinators and admins of the collection, or a 403/404. */
async function guard(locals: App.Locals, url: URL, collectionId: string): Promise<UserRow> {
  const user = requireUser(locals, url);
  // Someone else's collection is not theirs to see: 404, like one that does not exist.
  if (!(await collectionForUser(locals.runtime.db, user, collectionId)).ok) error(404, 'Not found');
  if (!oversees(user)) error(403, 'Coordinators only');
  return user;
}

/** Item ids carried from the collection browser's selection (`?items=a,b,c`). */
function selectedIds(raw: string | null): string[] {
  return [...new Set((raw ?? '').split(',').filter(isId))].slice(0, MAX_SELECTED);
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
  await guard(locals, url, params.id);
  const db = locals.runtime.db;
  const [collection, members, counts] = await Promise.all([
    findCollection(db, params.id),
    listMembers(db, params.id),
    collectionCounts(db, params.id)
  ]);
  return {
    collection: { id: params.id, name: collection?.name ?? '' },
    // Observers never review: they are not offered.
    members: members
      .filter((m) => !readOnly(m))
      .map((m) => ({ id: m.userId, name: m.name, email: m.email, role: m.role })),
    counts,
    selected: selectedIds(url.searchParams.get('items'))
  };
};

/** createQueue's refusals, as message keys; the rest cannot follow from this form (its guard ran):
 * they read as a general refusal (their English detail is for the API and the log). */
const MESSAGES: Partial<Record<QueueErrorCode, MessageKey>> = {
  empty_selection: 'queue_new.error_empty',
  outside_member: 'queue_new.error_members',
  inactive_member: 'queue_new.error_members',
  observer_member: 'queue_new.error_members',
  bad_selection: 'queue_new.error_selection'
};

function text(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

export const actions: Actions = {
  default: async ({ locals, url, params, request, getClientAddress }) => {
    const user = await guard(locals, url, params.id);
    const form = await request.formData();
    const memberIds = form.getAll('member').filter((v): v is string => typeof v === 'string');
    const scope = text(form, 'scope');
    const values = {
      name: text(form, 'name').slice(0, 200),
      task: text(form, 'task'),
      reviewsPerItem: text(form, 'reviewsPerItem'),
      blind: form.get('blind') === 'on',
      forbidSelfAdjudication: form.get('forbidSelfAdjudication') === 'on',
      members: memberIds.slice(0, 500),
      dueDate: text(form, 'dueDate'),
      contentNote: text(form, 'contentNote').slice(0, 2000),
      coviewFromSeverity: text(form, 'coviewFromSeverity'),
      scope,
      kind: text(form, 'kind'),
      hasAnnotations: text(form, 'hasAnnotations')
    };
    const errors: Record<string, MessageKey> = {};
    if (!values.name.trim()) errors.name = 'queue_new.error_name';
    if (memberIds.length === 0) errors.members = 'queue_new.error_no_members';
    const due = /^\d{4}-\d{2}-\d{2}$/.test(values.dueDate)
      ? Date.parse(`${values.dueDate}T23:59:59.999Z`)
      : NaN;
    if (values.dueDate && (!Number.isFinite(due) || due < Date.now() - 24 * 3600_000))
      errors.dueDate = 'queue_new.error_due';
    const itemIds = scope === 'selected' ? form.getAll('item').filter((v) => typeof v === 'string') : [];
    if (scope === 'selected' && itemIds.length === 0) errors.scope = 'queue_new.error_selection';
    if (Object.keys(errors).length > 0) return fail(400, { values, errors });

    const body = {
      collectionId: params.id,
      name: values.name,
      task: values.task,
      reviewsPerItem: Number(values.reviewsPerItem),
      blind: values.blind,
      forbidSelfAdjudication: values.forbidSelfAdjudication,
      sharedFindingsConfirmed: form.get('sharedFindingsConfirmed') === 'on',
      memberIds,
      dueAt: values.dueDate ? due : null,
      contentNote: values.contentNote,
      coviewFromSeverity: values.coviewFromSeverity === '' ? null : Number(values.coviewFromSeverity),
      ...(scope === 'selected' && { itemIds }),
      ...(scope === 'filter' && {
        filter: {
          ...(values.kind && { kind: values.kind }),
          ...(values.hasAnnotations && { hasAnnotations: values.hasAnnotations === 'yes' })
        }
      })
    };
    const input = checkQueueInput(body);
    if (!input.ok) return fail(400, { values, errors: { form: 'queue_new.error_refused' as const } });
    const created = await createQueue(locals.runtime.db, user, input.value, getClientAddress());
    // A blind queue over items that already have shared findings: the form asks to confirm.
    if (!created.ok && created.code === 'shared_findings')
      return fail(409, { values, errors: {}, sharedFindings: created.count ?? 0 });
    if (!created.ok)
      return fail(created.status, {
        values,
        errors: { form: MESSAGES[created.code] ?? 'queue_new.error_refused' }
      });
    redirect(303, `/queues/${created.id}/dashboard`);
  }
};
