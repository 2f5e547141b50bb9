import { json } from '@sveltejs/kit';
import { requireApiUser } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  return json({
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    expert: user.expert === 1
  });
};
