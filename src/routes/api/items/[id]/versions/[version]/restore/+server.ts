import { json } from '@sveltejs/kit';
import { itemRoom } from '$lib/model/rooms';
import { audit } from '$lib/server/audit/log';
import { apiError } from '$lib/server/http/api';
import { pageAccess } from '$lib/server/transcription/page-access';
import { maybeRecordVersion, restoreInto, versionState } from '$lib/server/transcription/versions';
import type { RequestHandler } from './$types';

/** Restores a version as a new change of the live page (the log is never rewritten). */
export const POST: RequestHandler = async ({ locals, params, getClientAddress }) => {
  const page = await pageAccess(locals, params.id, true);
  if (page.response) return page.response;
  const { db } = page.runtime;
  const state = await versionState(db, params.id, params.version);
  if (!state) return apiError('not_found', 'No such version.');
  const room = itemRoom(params.id);
  await page.collab.edit(room, page.user.id, (doc) => restoreInto(doc, state));
  await maybeRecordVersion(db, params.id, await page.collab.read(room), 'restore');
  await audit(db, {
    actorId: page.user.id,
    action: 'transcription.restore',
    target: params.id,
    details: { version: params.version },
    ip: getClientAddress()
  });
  return json({ restored: params.version });
};
