import { error, fail, redirect } from '@sveltejs/kit';
import { reauthenticate } from '$lib/server/auth/reauth';
import { markSecondFactorVerified } from '$lib/server/auth/session';
import {
  auditTotp,
  consumeTotp,
  newTotpKey,
  secondFactorRequired,
  totpEnrollment
} from '$lib/server/auth/totp';
import { setTotpKey } from '$lib/server/users/users';
import type { Actions, PageServerLoad } from './$types';

function signedIn(locals: App.Locals) {
  // The enrol gate lets a pending session in here; a session still owing a *code* may not enrol anew.
  if (!locals.user || !locals.session || locals.pendingSecondFactor === 'verify') redirect(303, '/login');
  return { user: locals.user, session: locals.session };
}

export const load: PageServerLoad = async ({ locals }) => {
  const { user } = signedIn(locals);
  const required = await secondFactorRequired(locals.runtime.db, user);
  if (user.totp_key) return { enabled: true, required, enrollment: null };
  const key = newTotpKey();
  return { enabled: false, required, enrollment: { key, ...totpEnrollment(key, user.email) } };
};

export const actions: Actions = {
  enable: async ({ request, locals, getClientAddress }) => {
    const { user, session } = signedIn(locals);
    if (user.totp_key) error(409, 'A second factor is already set up');
    const form = await request.formData();
    const key = String(form.get('key') ?? '');
    const db = locals.runtime.db;
    // The enrolment code is consumed too: it cannot be replayed to pass a sign-in.
    if (!(await consumeTotp(db, user.id, key, String(form.get('code') ?? '').trim())))
      return fail(400, { message: 'two_factor.invalid' as const });
    await setTotpKey(db, user.id, key);
    await markSecondFactorVerified(db, session.id);
    await auditTotp(db, user.id, 'enabled', getClientAddress());
    redirect(303, '/account');
  },
  disable: async ({ request, locals, getClientAddress }) => {
    const { user } = signedIn(locals);
    const db = locals.runtime.db;
    if (await secondFactorRequired(db, user))
      return fail(403, { message: 'two_factor.required_cannot_disable' as const });
    const form = await request.formData();
    const reauth = await reauthenticate(db, user, {
      password: form.get('password'),
      code: form.get('code'),
      ip: getClientAddress(),
      purpose: 'totp_disable'
    });
    if (!reauth.ok)
      return fail(reauth.reason === 'throttled' ? 429 : 403, { message: `reauth.${reauth.reason}` as const });
    await setTotpKey(db, user.id, null);
    await auditTotp(db, user.id, 'disabled', getClientAddress());
    redirect(303, '/account');
  }
};
