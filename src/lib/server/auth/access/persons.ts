/**
 * The register of the disappeared: persons, the names on pages (mentions) and identifications.
 * A person outside the user's collections looks like no person (404), so ids cannot be probed.
 */
import type { Db } from '../../db/connect.ts';
import type { UserRow } from '../../db/schema.ts';
import { canAccessCollection } from '../../collections/collections.ts';
import { findIdentification, type IdentificationRow } from '../../persons/identifications.ts';
import { findMention, type MentionRecord } from '../../persons/mentions.ts';
import { findPersonRow, type PersonRow } from '../../persons/register.ts';
import { isId } from '../../validate.ts';
import { sharedLayerForUser, type Denied } from './collections.ts';

export type PersonAccess = { ok: true; person: PersonRow } | Denied;

/**
 * A person of the register, seen exactly by those who see its collection. A register holds the
 * names of the disappeared: a person outside the user's collections looks like no person (404),
 * so that its id cannot be probed.
 */
export async function personForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  personId: string
): Promise<PersonAccess> {
  const person = isId(personId) ? await findPersonRow(db, personId) : undefined;
  if (!person || !(await canAccessCollection(db, user, person.collection_id)))
    return { ok: false, status: 404 };
  return { ok: true, person };
}

/**
 * A mention (a name on a page) is seen by whoever may open that page's shared layer: its text is
 * the page's text, so a reviewer working the page blind must not read it here either.
 */
export async function mentionForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  mentionId: string
): Promise<{ ok: true; mention: MentionRecord } | Denied> {
  const mention = isId(mentionId) ? await findMention(db, mentionId) : undefined;
  if (!mention) return { ok: false, status: 404 };
  const access = await sharedLayerForUser(db, user, mention.item_id);
  return access.ok ? { ok: true, mention } : { ok: false, status: 404 };
}

/** An identification is seen by those who see its person (and so its collection); else 404. */
export async function identificationForUser(
  db: Db,
  user: Pick<UserRow, 'id' | 'role'>,
  identificationId: string
): Promise<{ ok: true; identification: IdentificationRow } | Denied> {
  const row = isId(identificationId) ? await findIdentification(db, identificationId) : undefined;
  if (!row || !(await canAccessCollection(db, user, row.collection_id))) return { ok: false, status: 404 };
  return { ok: true, identification: row };
}
