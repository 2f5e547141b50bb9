import { json } from '@sveltejs/kit';
import { createBranch, listBranches } from '$lib/server/bodies/branches';
import { BranchSchema, checkInput } from '$lib/server/bodies/input';
import { apiError, jsonBody, refusal, requireApiUser } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
  const { response } = requireApiUser(locals);
  if (response) return response;
  return json({ branches: await listBranches(locals.runtime.db) });
};

/** `{ number, nameAr, nameEn }` → 201 the branch (coordinators; 409 when the number exists). */
export const POST: RequestHandler = async ({ locals, request, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  const sent = await jsonBody(request, 'Send { number, nameAr, nameEn } as JSON.');
  if (!sent.ok) return sent.response;
  const input = checkInput(BranchSchema, sent.value);
  if (!input.ok) return apiError('bad_request', input.error);
  const created = await createBranch(locals.runtime.db, user, input.value, getClientAddress());
  return created.ok ? json(created.branch, { status: 201 }) : refusal(created);
};
