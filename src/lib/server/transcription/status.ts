/**
 * The page workflow: in_progress → needs_review → approved. Approval needs a second person (not the
 * one who sent the page to review); an edit after approval sends the page back to review. Every
 * change of status is audited and versioned.
 */
import type * as Y from 'yjs';
import type { Db } from '../db/connect.ts';
import type { PageStatusTable } from '../db/schema.ts';
import { audit } from '../audit/log.ts';
import { maybeRecordVersion, lastVersion, pageText } from './versions.ts';

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
  }
  await write(db, itemId, to, userId, {
    submitted_by: to === 'needs_review' ? userId : to === 'approved' ? current.submitted_by : null,
    approved_by: to === 'approved' ? userId : null
  });
  await maybeRecordVersion(db, itemId, doc, 'status');
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
  await maybeRecordVersion(db, itemId, doc, 'status', unstoredAuthors);
  await audit(db, {
    actorId: null,
    action: 'transcription.status',
    target: itemId,
    details: { from: 'approved', to: 'needs_review', reason: 'edited after approval' }
  });
}
