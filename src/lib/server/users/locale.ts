import type { Locale } from '$lib/i18n';
import type { Db } from '../db/connect.ts';

/** Remembers the interface language on the account (hooks.server.ts prefers it to the cookie). */
export async function setUserLocale(db: Db, userId: string, locale: Locale): Promise<void> {
  await db.updateTable('users').set({ locale }).where('id', '=', userId).execute();
}
