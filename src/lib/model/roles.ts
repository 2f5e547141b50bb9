/**
 * Roles and the pure role rules, shared by the browser (what to show) and the server's access
 * policy (`$lib/server/auth/access/`, what to allow). These predicates are the only place
 * a role name is compared: a new role or a changed rule is one edit here.
 */
export const ROLES = ['admin', 'coordinator', 'reviewer', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Anyone with a role (a user row, a member, a session's user). */
export type HasRole = { role: string };
/** … and the forensic-expert flag (0/1 as stored, or a boolean). */
export type HasRoleAndExpert = HasRole & { expert: number | boolean };

/** Administrators: users, roles, collections; they see every collection. */
export function isAdmin(user: HasRole): boolean {
  return user.role === 'admin';
}

/** Administrators and coordinators: they build queues, ingest, watch progress and who viewed what. */
export function oversees(user: HasRole): boolean {
  return user.role === 'admin' || user.role === 'coordinator';
}

/** Observers read everything they are granted and write nothing. */
export function readOnly(user: HasRole): boolean {
  return user.role === 'observer';
}

/** Forensic experts (the flag) write a body's overall evaluation; observers never write. */
export function evaluatesBodies(user: HasRoleAndExpert): boolean {
  return !readOnly(user) && (user.expert === 1 || user.expert === true);
}

/** Forensic experts (a reviewer flag), coordinators and administrators adjudicate blind reviews. */
export function adjudicates(user: HasRoleAndExpert): boolean {
  return oversees(user) || user.expert === 1 || user.expert === true;
}

/**
 * Coordinators and administrators (for their work) and observers (prosecutors, auditors: DESIGN.md
 * "exports dossiers") export signed dossiers; reviewers do not.
 */
export function exportsDossiers(user: HasRole): boolean {
  return oversees(user) || readOnly(user);
}

/**
 * Who may confirm (or exclude) the identification of a body as a person: coordinators and forensic
 * experts, never observers. A confirmation still needs a second such person (persons/identifications.ts).
 */
export function confirmsIdentification(user: HasRoleAndExpert): boolean {
  if (readOnly(user)) return false;
  return user.role === 'coordinator' || user.expert === 1 || user.expert === true;
}

/**
 * May this user invite someone with this role? Administrators any role; coordinators anyone but an
 * administrator (they build teams, they cannot make someone more powerful than themselves).
 */
export function invitesAs(user: HasRole, role: Role): boolean {
  if (isAdmin(user)) return true;
  return oversees(user) && role !== 'admin';
}
