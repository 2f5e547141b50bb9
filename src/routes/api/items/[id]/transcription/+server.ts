import { json } from '@sveltejs/kit';
import { itemRoom } from '$lib/model/rooms';
import { fieldsText, transcriptionText } from '$lib/model/transcription-text';
import { pageStatus } from '$lib/server/transcription/status';
import { pageAccess } from '$lib/server/transcription/page-access';
import { listVersions } from '$lib/server/transcription/versions';
import type { RequestHandler } from './$types';

/** The page's text, fields, status and versions. */
export const GET: RequestHandler = async ({ locals, params }) => {
  const page = await pageAccess(locals, params.id, false);
  if (page.response) return page.response;
  const doc = await page.collab.read(itemRoom(params.id));
  const status = await pageStatus(page.runtime.db, params.id);
  return json({
    itemId: params.id,
    status: status.status,
    submittedBy: status.submitted_by,
    approvedBy: status.approved_by,
    text: transcriptionText(doc),
    fields: doc.getMap('fields').toJSON(),
    fieldsText: fieldsText(doc),
    versions: (await listVersions(page.runtime.db, params.id)).map((v) => ({
      id: v.id,
      at: v.at,
      reason: v.reason,
      authors: v.authors,
      status: v.status,
      changedBy: v.changedBy
    }))
  });
};
