/**
 * The body page's identification panel: the persons proposed for the body, with their state, and
 * for experts and coordinators the register's candidates for a name they search, to propose one.
 * The register is the body's collection's, which whoever sees the body sees (auth/access/bodies.ts).
 */
import type { Db } from '../db/connect.ts';
import type { Locale } from '../../i18n/index.ts';
import { reasonText } from '../../model/names/reasons.ts';
import { findCandidates } from './candidates.ts';
import { identificationsOf } from './identifications.ts';

const CANDIDATES_SHOWN = 5;

export async function bodyIdentificationPanel(
  db: Db,
  body: { id: string; collectionId: string },
  search: { name: string; locale: Locale } | null
) {
  const identifications = await identificationsOf(db, { bodyId: body.id });
  const persons = identifications.length
    ? await db
        .selectFrom('persons')
        .select(['id', 'name'])
        .where(
          'id',
          'in',
          identifications.map((i) => i.personId)
        )
        .execute()
    : [];
  const names = new Map(persons.map((p) => [p.id, p.name]));
  const candidates = search ? await findCandidates(db, body.collectionId, search.name, CANDIDATES_SHOWN) : [];
  return {
    identifications: identifications.map((i) => ({
      id: i.id,
      personId: i.personId,
      personName: names.get(i.personId) ?? '',
      status: i.status,
      confirmations: i.confirmations.length
    })),
    candidates: candidates.map((c) => ({
      personId: c.personId,
      name: c.name,
      band: c.band,
      reasons: c.reasons.map((r) => reasonText(search?.locale ?? 'en', r))
    }))
  };
}
