import { fail } from '@sveltejs/kit';
import { changePassword } from '$lib/server/accounts/passwords';
import { issueApiToken, listApiTokens, revokeApiToken } from '$lib/server/auth/api-tokens';
import { reauthenticate } from '$lib/server/auth/reauth';
import { requireUser } from '$lib/server/http/guards';
import {
  EXPOSURE_MAX_MINUTES,
  checkPreferences,
  getPreferences,
  setPreferences
} from '$lib/server/wellbeing/settings';
import { checkId, checkLabel, checkRequest } from '$lib/server/validate';
import {
  DEFAULT_SETTINGS,
  LIMIT_MAX_MINUTES,
  myExposure,
  setOwnSettings
} from '$lib/server/wellbeing/exposure';
import { OwnSettingsSchema } from '$lib/server/wellbeing/exposure-input';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const user = requireUser(locals, url);
  const db = locals.runtime.db;
  const [tokens, preferences, exposure] = await Promise.all([
    listApiTokens(db, user.id),
    getPreferences(db, user.id),
    myExposure(db, user.id)
  ]);
  return {
    tokens,
    preferences,
    exposureMax: EXPOSURE_MAX_MINUTES,
    exposure,
    limitMax: LIMIT_MAX_MINUTES,
    limitDefault: DEFAULT_SETTINGS.ownLimit,
    totp: user.totp_key !== null
  };
};

export const actions: Actions = {
  password: async ({ request, locals, url, getClientAddress }) => {
    const user = requireUser(locals, url);
    const form = await request.formData();
    const result = await changePassword(locals.runtime.db, user, locals.session?.id ?? null, {
      currentPassword: form.get('currentPassword'),
      code: form.get('code'),
      newPassword: form.get('newPassword'),
      ip: getClientAddress()
    });
    if (result.ok) return { passwordChanged: result.sessionsEnded };
    if (result.reason === 'invalid_password')
      return fail(400, { passwordErrors: { newPassword: result.error } });
    return fail(result.reason === 'throttled' ? 429 : 403, {
      passwordErrors: { currentPassword: `reauth.${result.reason}` as const }
    });
  },
  preferences: async ({ request, locals, url }) => {
    const user = requireUser(locals, url);
    const form = await request.formData();
    const minutes = String(form.get('exposureMinutes') ?? '').trim();
    const checked = checkPreferences({
      blur: form.get('blur') === 'on',
      greyscale: form.get('greyscale') === 'on',
      labelCards: form.get('labelCards') === 'on',
      exposureMinutes: minutes === '' ? NaN : Number(minutes)
    });
    if (!checked.ok) {
      return fail(400, {
        preferencesError: 'error.exposure_invalid' as const,
        exposureMinutes: minutes.slice(0, 20)
      });
    }
    await setPreferences(locals.runtime.db, user.id, checked.value);
    return { preferencesSaved: true };
  },
  exposure: async ({ request, locals, url }) => {
    const user = requireUser(locals, url);
    const form = await request.formData();
    const limit = String(form.get('dailyLimitMinutes') ?? '').trim();
    const input = checkRequest(OwnSettingsSchema, {
      dailyLimitMinutes: limit === '' ? NaN : Number(limit),
      consent: form.get('consent') === 'on'
    });
    if (!input.ok) return fail(400, { exposureError: true, exposureLimit: limit.slice(0, 20) });
    const { dailyLimitMinutes, consent } = input.value;
    await setOwnSettings(locals.runtime.db, user.id, { ownLimit: dailyLimitMinutes, consent });
    return { exposureSaved: true };
  },
  createToken: async ({ request, locals, url, getClientAddress }) => {
    const user = requireUser(locals, url);
    const form = await request.formData();
    const label = checkLabel(form.get('label'));
    if (!label.ok) return fail(400, { error: label.error });
    const actor = { id: user.id, ip: getClientAddress() };
    const reauth = await reauthenticate(locals.runtime.db, user, {
      password: form.get('password'),
      code: form.get('code'),
      ip: actor.ip,
      purpose: 'token_create'
    });
    if (!reauth.ok)
      return fail(reauth.reason === 'throttled' ? 429 : 403, { error: `reauth.${reauth.reason}` as const });
    const { token } = await issueApiToken(locals.runtime.db, actor, user.id, label.value);
    return { created: token };
  },
  revokeToken: async ({ request, locals, url, getClientAddress }) => {
    const user = requireUser(locals, url);
    const id = checkId((await request.formData()).get('id'));
    const actor = { id: user.id, ip: getClientAddress() };
    if (!id.ok || !(await revokeApiToken(locals.runtime.db, actor, id.value)))
      return fail(404, { error: 'error.not_found' as const });
    return { revoked: true };
  }
};
