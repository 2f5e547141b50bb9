import type { Db } from '../db/connect.ts';
import type { UserRow } from '../db/schema.ts';
import { newId } from '../ids.ts';
import { hashPassword } from '../auth/password.ts';
import { invalidateUserSessions } from '../auth/session.ts';
import type { Role } from '../../model/roles.ts';

export type PublicUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  expert: boolean;
  disabled: boolean;
  totp: boolean;
  createdAt: number;
};

export function toPublicUser(row: UserRow): PublicUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role as Role,
    expert: row.expert === 1,
    disabled: row.disabled_at !== null,
    totp: row.totp_key !== null,
    createdAt: Number(row.created_at)
  };
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function countUsers(db: Db): Promise<number> {
  const { n } = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Names of the given users (the ones that exist), by id. */
export async function namesOf(db: Db, ids: string[]): Promise<Record<string, string>> {
  if (ids.length === 0) return {};
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', ids).execute();
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}

export async function listUsers(db: Db): Promise<PublicUser[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('email').execute();
  return rows.map(toPublicUser);
}

export type NewUserInput = { email: string; name: string; role: Role; expert: boolean; password: string };

/** Inserts the user; `null` when the e-mail is taken. */
export async function insertUser(db: Db, input: NewUserInput): Promise<UserRow | null> {
  const { password, ...rest } = input;
  return insertUserHashed(db, { ...rest, passwordHash: await hashPassword(password) });
}

/**
 * Inserts a user whose password is already hashed, so that a transaction need not hold the
 * database while Argon2 runs; `null` when the e-mail is taken.
 */
export async function insertUserHashed(
  db: Db,
  input: Omit<NewUserInput, 'password'> & { passwordHash: string }
): Promise<UserRow | null> {
  const row: UserRow = {
    id: newId(),
    email: normaliseEmail(input.email),
    name: input.name.trim(),
    role: input.role,
    expert: input.expert ? 1 : 0,
    password_hash: input.passwordHash,
    totp_key: null,
    totp_last_step: null,
    disabled_at: null,
    created_at: Date.now(),
    locale: null
  };
  const inserted = await db
    .insertInto('users')
    .values(row)
    .onConflict((oc) => oc.column('email').doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0 ? row : null;
}

export async function updateUserProfile(
  db: Db,
  id: string,
  changes: { name?: string; role?: Role; expert?: boolean }
): Promise<void> {
  await db
    .updateTable('users')
    .set({
      ...(changes.name !== undefined && { name: changes.name.trim() }),
      ...(changes.role !== undefined && { role: changes.role }),
      ...(changes.expert !== undefined && { expert: changes.expert ? 1 : 0 })
    })
    .where('id', '=', id)
    .execute();
}

/** Disabling ends every session of the user at once; tokens are refused while disabled. */
export async function setUserDisabled(db: Db, id: string, disabled: boolean): Promise<void> {
  await db
    .updateTable('users')
    .set({ disabled_at: disabled ? Date.now() : null })
    .where('id', '=', id)
    .execute();
  if (disabled) await invalidateUserSessions(db, id);
}

export async function setTotpKey(db: Db, id: string, keyHex: string | null): Promise<void> {
  await db.updateTable('users').set({ totp_key: keyHex }).where('id', '=', id).execute();
}
