import { json } from '@sveltejs/kit';
import { audit } from '$lib/server/audit/log';
import { TOKEN_LABEL_MAX, createApiToken, listApiTokens } from '$lib/server/auth/api-tokens';
import { checkLabel } from '$lib/server/validate';
import { apiError, readJson, requireApiUser } from '$lib/server/http/api';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  return json(await listApiTokens(locals.runtime.db, user.id));
};

/** `{ label }` → `{ token, id, label, createdAt }`; the token is shown only here. */
export const POST: RequestHandler = async ({ request, locals, getClientAddress }) => {
  const { user, response } = requireApiUser(locals);
  if (response) return response;
  let label: unknown;
  try {
    label = ((await readJson(request)) as Record<string, unknown> | null)?.label;
  } catch {
    return apiError('bad_request', 'Send a JSON body: { "label" }.');
  }
  const checked = checkLabel(label);
  if (!checked.ok) {
    return apiError(
      'bad_request',
      `"label" must be a non-empty string of at most ${TOKEN_LABEL_MAX} characters, without control characters.`
    );
  }
  const { token, info } = await createApiToken(locals.runtime.db, user.id, checked.value);
  await audit(locals.runtime.db, {
    actorId: user.id,
    action: 'token.create',
    target: info.id,
    details: { label: info.label },
    ip: getClientAddress()
  });
  return json({ token, ...info }, { status: 201 });
};
