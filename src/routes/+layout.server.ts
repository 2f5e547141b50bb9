import { direction } from '$lib/i18n';
import { toPublicUser } from '$lib/server/users/users';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
  locale: locals.locale,
  dir: direction(locals.locale),
  user: locals.user && !locals.pendingSecondFactor ? toPublicUser(locals.user) : null
});
