import { json } from '@sveltejs/kit';
import { apiError } from '$lib/server/http/api';
import { pageAccess } from '$lib/server/transcription/page-access';
import { listVersions } from '$lib/server/transcription/versions';
import type { RequestHandler } from './$types';

/** One version's text (to view or compare). */
export const GET: RequestHandler = async ({ locals, params }) => {
  const page = await pageAccess(locals, params.id, false);
  if (page.response) return page.response;
  const version = (await listVersions(page.runtime.db, params.id)).find((v) => v.id === params.version);
  return version ? json(version) : apiError('not_found', 'No such version.');
};
