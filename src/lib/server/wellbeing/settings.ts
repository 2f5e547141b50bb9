import type { Db } from '../db/connect.ts';

/**
 * Viewing settings, per user: the one owner of how graphic images start. The defaults protect
 * (README "Safer viewing"): images are blurred and greyscale until revealed on purpose, the grid
 * shows a photograph's content label instead of its thumbnail where it has one, and a break is
 * suggested after 20 minutes of exposure. A user may relax each of them.
 */
export type Preferences = { blur: boolean; greyscale: boolean; labelCards: boolean; exposureMinutes: number };

export const DEFAULT_PREFERENCES: Preferences = {
  blur: true,
  greyscale: true,
  labelCards: true,
  exposureMinutes: 20
};
export const EXPOSURE_MAX_MINUTES = 240;

export function checkPreferences(
  input: unknown
): { ok: true; value: Preferences } | { ok: false; error: string } {
  const value = (input ?? {}) as Record<string, unknown>;
  const { blur, greyscale, labelCards, exposureMinutes } = value;
  if (typeof blur !== 'boolean' || typeof greyscale !== 'boolean' || typeof labelCards !== 'boolean') {
    return { ok: false, error: '"blur", "greyscale" and "labelCards" must be true or false' };
  }
  if (
    typeof exposureMinutes !== 'number' ||
    !Number.isInteger(exposureMinutes) ||
    exposureMinutes < 0 ||
    exposureMinutes > EXPOSURE_MAX_MINUTES
  ) {
    return {
      ok: false,
      error: `"exposureMinutes" must be a whole number 0–${EXPOSURE_MAX_MINUTES} (0: no reminder)`
    };
  }
  return { ok: true, value: { blur, greyscale, labelCards, exposureMinutes } };
}

export async function getPreferences(db: Db, userId: string): Promise<Preferences> {
  const row = await db
    .selectFrom('user_preferences')
    .select('value')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return { ...DEFAULT_PREFERENCES };
  const checked = checkPreferences({ ...DEFAULT_PREFERENCES, ...(JSON.parse(row.value) as object) });
  return checked.ok ? checked.value : { ...DEFAULT_PREFERENCES };
}

export async function setPreferences(db: Db, userId: string, preferences: Preferences): Promise<void> {
  const value = JSON.stringify(preferences);
  await db
    .insertInto('user_preferences')
    .values({ user_id: userId, value })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ value }))
    .execute();
}
