import { fail } from '@sveltejs/kit';
import { audit } from '$lib/server/audit/log';
import { TOKEN_LABEL_MAX, createApiToken, listApiTokens, revokeApiToken } from '$lib/server/auth/api-tokens';
import { requireUser } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireUser(locals, url);
  return { tokens: await listApiTokens(locals.runtime.db, user.id), totp: user.totp_key !== null };
};

export const actions: Actions = {
  createToken: async ({ request, locals, url, getClientAddress }) => {
    const user = requireUser(locals, url);
    const label = String((await request.formData()).get('label') ?? '').trim();
    if (!label || label.length > TOKEN_LABEL_MAX) return fail(400, { error: 'error.label_invalid' });
    const { token, info } = await createApiToken(locals.runtime.db, user.id, label);
    await audit(locals.runtime.db, {
      actorId: user.id,
      action: 'token.create',
      target: info.id,
      details: { label },
      ip: getClientAddress()
    });
    return { created: token };
  },
  revokeToken: async ({ request, locals, url, getClientAddress }) => {
    const user = requireUser(locals, url);
    const id = String((await request.formData()).get('id') ?? '');
    if (!(await revokeApiToken(locals.runtime.db, user.id, id)))
      return fail(404, { error: 'error.not_found' });
    await audit(locals.runtime.db, {
      actorId: user.id,
      action: 'token.revoke',
      target: id,
      ip: getClientAddress()
    });
    return { revoked: true };
  }
};
