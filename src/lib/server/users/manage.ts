/** User administration with its audit rows, shared by the admin pages and the CLI. */
import type { Db } from '../db/connect.ts';
import { audit } from '../audit/log.ts';
import { findUser, insertUser, setUserDisabled, updateUserProfile, type NewUserInput } from './users.ts';
import type { Role } from '../../model/roles.ts';

export type Actor = { id: string | null; ip: string | null };

export async function createUserAudited(db: Db, actor: Actor, input: NewUserInput) {
  const user = await insertUser(db, input);
  if (user) {
    await audit(db, {
      actorId: actor.id,
      action: 'user.create',
      target: user.id,
      details: { email: user.email, role: user.role, expert: input.expert },
      ip: actor.ip
    });
  }
  return user;
}

export async function updateUserAudited(
  db: Db,
  actor: Actor,
  id: string,
  changes: { name: string; role: Role; expert: boolean }
): Promise<boolean> {
  const before = await findUser(db, id);
  if (!before) return false;
  await updateUserProfile(db, id, changes);
  const changed: Array<[action: string, details: Record<string, unknown>]> = [];
  if (before.role !== changes.role)
    changed.push(['user.role_change', { from: before.role, to: changes.role }]);
  if ((before.expert === 1) !== changes.expert)
    changed.push(['user.expert_change', { expert: changes.expert }]);
  if (before.name !== changes.name) changed.push(['user.rename', { from: before.name, to: changes.name }]);
  for (const [action, details] of changed)
    await audit(db, { actorId: actor.id, action, target: id, details, ip: actor.ip });
  return true;
}

export async function setDisabledAudited(
  db: Db,
  actor: Actor,
  id: string,
  disabled: boolean
): Promise<boolean> {
  if (!(await findUser(db, id))) return false;
  await setUserDisabled(db, id, disabled);
  await audit(db, {
    actorId: actor.id,
    action: disabled ? 'user.disable' : 'user.enable',
    target: id,
    ip: actor.ip
  });
  return true;
}
