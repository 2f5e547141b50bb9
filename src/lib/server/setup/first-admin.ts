import type { Db } from '../db/connect.ts';
import { audit } from '../audit/log.ts';
import { countUsers, insertUser, type NewUserInput } from '../users/users.ts';

const SETUP_KEY = 'setup_completed_at';

export async function setupOpen(db: Db): Promise<boolean> {
  const done = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', SETUP_KEY)
    .executeTakeFirst();
  return !done && (await countUsers(db)) === 0;
}

/**
 * Creates the first administrator once. Claiming the `setup_completed_at` setting is the lock: of two
 * simultaneous setups only one inserts that row, and the other gets `null`.
 */
export async function createFirstAdmin(db: Db, input: Omit<NewUserInput, 'role' | 'expert'>, ip: string) {
  return db.transaction().execute(async (trx) => {
    if ((await countUsers(trx)) > 0) return null;
    const claimed = await trx
      .insertInto('settings')
      .values({ key: SETUP_KEY, value: String(Date.now()) })
      .onConflict((oc) => oc.column('key').doNothing())
      .executeTakeFirst();
    if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return null;
    const user = await insertUser(trx, { ...input, role: 'admin', expert: false });
    if (!user) return null;
    await audit(trx, {
      actorId: user.id,
      action: 'setup.first_admin',
      target: user.id,
      details: { email: user.email },
      ip
    });
    return user;
  });
}
