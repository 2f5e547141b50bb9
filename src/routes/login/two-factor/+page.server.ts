import { fail, redirect } from '@sveltejs/kit';
import { markSecondFactorVerified } from '$lib/server/auth/session';
import { ACCOUNT_POLICY, clearFailures, lockedFor, reserveAttempt } from '$lib/server/auth/throttle';
import { auditTotp, consumeTotp } from '$lib/server/auth/totp';
import { safeNext } from '$lib/server/http/guards';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.pendingSecondFactor !== 'verify') redirect(303, locals.user ? '/' : '/login');
};

export const actions: Actions = {
  default: async ({ request, locals, url, getClientAddress }) => {
    const { user, session } = locals;
    if (locals.pendingSecondFactor !== 'verify' || !user?.totp_key || !session) redirect(303, '/login');
    const db = locals.runtime.db;
    const key = `totp:${user.id}`;
    // Counted before the check (see reserveAttempt): simultaneous guesses get no extra tries.
    let retryAfter = await lockedFor(db, [key]);
    if (retryAfter === 0) retryAfter = await reserveAttempt(db, [{ key, policy: ACCOUNT_POLICY }]);
    if (retryAfter > 0)
      return fail(429, { message: 'login.throttled' as const, minutes: Math.ceil(retryAfter / 60) });
    const code = String((await request.formData()).get('code') ?? '').trim();
    if (!(await consumeTotp(db, user.id, user.totp_key, code))) {
      await auditTotp(db, user.id, 'failed', getClientAddress());
      return fail(400, { message: 'two_factor.invalid' as const, minutes: 0 });
    }
    await clearFailures(db, key);
    await markSecondFactorVerified(db, session.id);
    await auditTotp(db, user.id, 'verified', getClientAddress());
    redirect(303, safeNext(url.searchParams.get('next')));
  }
};
