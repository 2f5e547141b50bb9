/**
 * The page workflow: in_progress → needs_review → approved. Approval needs a second person: not the
 * one who sent the page to review, and nobody who changed the page in the round of review now
 * running (otherwise B approves, edits, and approves their own edit). An edit after approval sends
 * the page back to review. Every change of status is audited and versioned with who made it.
 */
import type * as Y from 'yjs';
import type { Db } from '../db/connect.ts';
import type { PageStatusTable } from '../db/schema.ts';
import { audit } from '../audit/log.ts';
import { lastVersion, loggedAuthors, maybeRecordVersion, pageText, statusVersionBefore } from './versions.ts';

export type PageStatus = PageStatusTable['status'];
export const PAGE_STATUSES: PageStatus[] = ['in_progress', 'needs_review', 'approved'];

export async function pageStatus(db: Db, itemId: string) {
  const row = await db.selectFrom('page_status').selectAll().where('item_id', '=', itemId).executeTakeFirst();
  return (
    row ?? {
      item_id: itemId,
      status: 'in_progress' as const,
      submitted_by: null,
      approved_by: null,
      updated_by: null,
      updated_at: 0
    }
  );
}

export type StatusChange =
  { ok: true; status: PageStatus } | { ok: false; code: 'conflict' | 'forbidden'; message: string };

async function write(
  db: Db,
  itemId: string,
  status: PageStatus,
  userId: string | null,
  extra: Partial<PageStatusTable>
) {
  const values = {
    item_id: itemId,
    status,
    updated_by: userId,
    updated_at: Date.now(),
    submitted_by: null,
    approved_by: null,
    ...extra
  };
  await db
    .insertInto('page_status')
    .values(values)
    .onConflict((oc) => oc.column('item_id').doUpdateSet(values))
    .execute();
}

/**
 * Who changed the page in the review round now running. The round starts when the page was sent to
 * review; when an edit after approval reopened it (a change by the server, `updated_by` null), at
 * the approval that edit followed, because the reopening edit came before the reopening. The log's
 * time is when an update was stored, so an edit made just before the round began may count in it:
 * the rule errs on the side of a second reader.
 */
async function roundAuthors(db: Db, itemId: string, current: Awaited<ReturnType<typeof pageStatus>>) {
  let since = Number(current.updated_at);
  if (current.updated_by === null) since = Number((await statusVersionBefore(db, itemId, since))?.at ?? 0);
  return loggedAuthors(db, itemId, since, Date.now());
}

export async function changeStatus(
  db: Db,
  itemId: string,
  to: PageStatus,
  userId: string,
  doc: Y.Doc,
  ip: string | null
): Promise<StatusChange> {
  const current = await pageStatus(db, itemId);
  if (current.status === to) return { ok: false, code: 'conflict', message: `the page is already ${to}` };
  if (to === 'approved') {
    if (current.status !== 'needs_review')
      return { ok: false, code: 'conflict', message: 'only a page in review can be approved' };
    if (current.submitted_by === userId)
      return { ok: false, code: 'forbidden', message: 'approval needs a second person' };
    if ((await roundAuthors(db, itemId, current)).includes(userId))
      return {
        ok: false,
        code: 'forbidden',
        message: 'you changed this page since it was sent to review: approval needs a second person'
      };
  }
  await write(db, itemId, to, userId, {
    submitted_by: to === 'needs_review' ? userId : to === 'approved' ? current.submitted_by : null,
    approved_by: to === 'approved' ? userId : null
  });
  await maybeRecordVersion(db, itemId, doc, 'status', undefined, { status: to, by: userId });
  await audit(db, {
    actorId: userId,
    action: 'transcription.status',
    target: itemId,
    details: { from: current.status, to },
    ip
  });
  return { ok: true, status: to };
}

/** Called by the projection: an approved page whose text changed goes back to review. */
export async function reopenIfEditedAfterApproval(
  db: Db,
  itemId: string,
  doc: Y.Doc,
  unstoredAuthors: () => string[]
): Promise<void> {
  const current = await pageStatus(db, itemId);
  if (current.status !== 'approved') return;
  // The version taken when the page was approved (activity versions may have come since).
  const approved = await lastVersion(db, itemId, 'status');
  if (!approved || approved.text === pageText(doc)) return;
  await write(db, itemId, 'needs_review', null, { submitted_by: current.submitted_by });
  await maybeRecordVersion(db, itemId, doc, 'status', unstoredAuthors, { status: 'needs_review', by: null });
  await audit(db, {
    actorId: null,
    action: 'transcription.status',
    target: itemId,
    details: { from: 'approved', to: 'needs_review', reason: 'edited after approval' }
  });
}
