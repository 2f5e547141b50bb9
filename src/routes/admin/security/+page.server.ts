import { audit } from '$lib/server/audit/log';
import { rolesRequiringTotp, setRolesRequiringTotp } from '$lib/server/auth/totp';
import { requireAdmin } from '$lib/server/http/guards';
import { loadInstanceKey } from '$lib/server/keys/instance-key';
import { isRole } from '$lib/model/roles';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  requireAdmin(locals, url);
  const key = loadInstanceKey(locals.runtime.config.dataDir);
  return {
    totpRoles: await rolesRequiringTotp(locals.runtime.db),
    signingKey: { pem: key.publicKeyPem, fingerprint: key.keyId }
  };
};

export const actions: Actions = {
  default: async ({ request, locals, url, getClientAddress }) => {
    const admin = requireAdmin(locals, url);
    const roles = (await request.formData()).getAll('totpRole').filter(isRole);
    await setRolesRequiringTotp(locals.runtime.db, roles);
    await audit(locals.runtime.db, {
      actorId: admin.id,
      action: 'settings.totp_required_roles',
      details: { roles },
      ip: getClientAddress()
    });
    return { saved: true };
  }
};
