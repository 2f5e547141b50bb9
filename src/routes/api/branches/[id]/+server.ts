import { json } from '@sveltejs/kit';
import { deleteBranch, updateBranch } from '$lib/server/bodies/branches';
import { BranchPatchSchema, checkInput } from '$lib/server/bodies/input';
import { apiError, jsonBody, refusal, requireApiUser } from '$lib/server/http/api';
import { isId } from '$lib/server/validate';
import type { RequestHandler } from './$types';

/** `{ number?, nameAr?, nameEn? }` → the branch (coordinators). */
export const PATCH: RequestHandler = async ({ locals, params, request, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  if (!isId(params.id)) return apiError('not_found', 'No such branch.');
  const sent = await jsonBody(request, 'Send { number?, nameAr?, nameEn? } as JSON.');
  if (!sent.ok) return sent.response;
  const input = checkInput(BranchPatchSchema, sent.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const updated = await updateBranch(locals.runtime.db, user, params.id, input.value, getClientAddress());
  return updated.ok ? json(updated.branch) : refusal(updated);
};

/** 204; 409 while a body names the branch. */
export const DELETE: RequestHandler = async ({ locals, params, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  if (!isId(params.id)) return apiError('not_found', 'No such branch.');
  const deleted = await deleteBranch(locals.runtime.db, user, params.id, getClientAddress());
  return deleted.ok ? new Response(null, { status: 204 }) : refusal(deleted);
};
