import { error, fail } from '@sveltejs/kit';
import { findCollection, listMembers } from '$lib/server/collections/collections';
import { adjudicates, oversees, readOnly } from '$lib/model/roles';
import { requireQueue } from '$lib/server/http/guards';
import { completeItems } from '$lib/server/review/adjudication';
import { AGREEMENT_MIN, queueAgreement } from '$lib/server/review/agreement';
import { queueItemTable } from '$lib/server/review/item-table';
import { checkQueuePatch, updateQueue } from '$lib/server/review/manage';
import { queueProgress } from '$lib/server/review/progress';
import { describeQueue, queueMemberIds } from '$lib/server/review/queues';
import { namesOf } from '$lib/server/users/users';
import type { Actions, PageServerLoad } from './$types';

/** The coordinator's view of a queue: progress, throughput, flags and skips, agreement, management. */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const { user, queue } = await requireQueue(locals, url, params.id);
  if (!oversees(user)) error(403, 'Coordinators only');
  const db = locals.runtime.db;
  const blind = queue.blind === 1;
  const page = Number(url.searchParams.get('page') ?? 0);
  const [progress, agreement, complete, collection, items, memberIds, collectionMembers] = await Promise.all([
    queueProgress(db, queue.id, queue.reviews_per_item),
    blind ? queueAgreement(db, locals.runtime.collab, queue) : Promise.resolve(null),
    blind ? completeItems(db, queue.id, queue.reviews_per_item) : Promise.resolve([]),
    findCollection(db, queue.collection_id),
    queueItemTable(db, queue, Number.isInteger(page) ? page : 0),
    queueMemberIds(db, queue.id),
    listMembers(db, queue.collection_id)
  ]);
  const names = await namesOf(db, memberIds);
  return {
    queue: describeQueue(queue),
    collection: collection ? { id: collection.id, name: collection.name } : null,
    progress,
    agreement,
    agreementMinimum: AGREEMENT_MIN,
    complete,
    items,
    members: memberIds.map((id) => ({ id, name: names[id] ?? id })),
    // Who could be added: the collection's members who review and are not in the queue yet.
    candidates: collectionMembers
      .filter((m) => !readOnly(m) && !memberIds.includes(m.userId))
      .map((m) => ({ id: m.userId, name: m.name })),
    adjudicates: adjudicates(user)
  };
};

/** Due dates come from a date field: that day at 23:59:59 UTC, or none when empty. */
function dueFrom(value: FormDataEntryValue | null): number | null | undefined {
  if (value === '' || value === null) return null;
  const match = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return undefined;
  const at = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 23, 59, 59);
  return Number.isNaN(at) ? undefined : at;
}

/** The co-viewing rule's field: '' for never, else the severity (the schema refuses anything else). */
function severityFrom(value: FormDataEntryValue | null): number | null | string {
  return value === '' || value === null ? null : Number(value);
}

/** Every management form ends here: the same check and the same capability as `PATCH /api/queues/:id`. */
async function apply(event: Parameters<Actions[string]>[0], patch: (form: FormData) => unknown) {
  const { user, queue } = await requireQueue(event.locals, event.url, event.params.id ?? '');
  if (!oversees(user)) error(403, 'Coordinators only');
  const checked = checkQueuePatch(patch(await event.request.formData()));
  if (!checked.ok) return fail(400, { manageError: checked.error });
  const result = await updateQueue(
    event.locals.runtime.db,
    event.locals.runtime.dialect,
    user,
    queue,
    checked.value,
    event.getClientAddress()
  );
  if (!result.ok) return fail(result.status, { manageError: result.error });
  return { managed: true };
}

export const actions: Actions = {
  state: (event) => apply(event, (form) => ({ state: form.get('state') })),
  due: (event) => apply(event, (form) => ({ dueAt: dueFrom(form.get('dueAt')) ?? 'invalid' })),
  coview: (event) =>
    apply(event, (form) => ({ coviewFromSeverity: severityFrom(form.get('coviewFromSeverity')) })),
  addMember: (event) => apply(event, (form) => ({ addMemberIds: [form.get('userId')] })),
  removeMember: (event) => apply(event, (form) => ({ removeMemberIds: [form.get('userId')] })),
  handBack: (event) => apply(event, (form) => ({ handBack: [form.get('assignmentId')] }))
};
