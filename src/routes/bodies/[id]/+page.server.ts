import { error } from '@sveltejs/kit';
import {
  blindAmong,
  bodyForUser,
  evaluatesBodies,
  exportsDossiers,
  readOnly,
  verifiesBodyBlind
} from '$lib/server/auth/permissions';
import { describeBody } from '$lib/server/bodies/bodies';
import { bodyFindings, bodyPhotos } from '$lib/server/bodies/page';
import { findCollection, listMembers } from '$lib/server/collections/collections';
import { requireUser } from '$lib/server/http/guards';
import { getPreferences } from '$lib/server/wellbeing/settings';
import type { PageServerLoad } from './$types';

/**
 * The body page: its photos, identifiers, the findings of every photo on the body chart, and the
 * overall evaluation (live, in the `body/<id>` room). Findings of a photo the reader reviews blind
 * are left out, as its shared layer is closed to them.
 */
export const load: PageServerLoad = async ({ locals, url, params }) => {
  const user = requireUser(locals, url);
  const db = locals.runtime.db;
  const access = await bodyForUser(db, user, params.id);
  if (!access.ok) error(404, 'No such body');
  const blind = await verifiesBodyBlind(db, user.id, access.body.id);
  const body = await describeBody(db, access.body, user, { blind });
  const ids = body.items.map((item) => item.itemId);
  const [photos, closed, preferences, collection, members] = await Promise.all([
    bodyPhotos(db, ids),
    blindAmong(db, user.id, ids),
    getPreferences(db, user.id),
    findCollection(db, body.collectionId),
    listMembers(db, body.collectionId)
  ]);
  const findings = await bodyFindings(
    db,
    ids.filter((id) => !closed.has(id))
  );
  return {
    body,
    photos: body.items.flatMap((item) => {
      const photo = photos.get(item.itemId);
      return photo ? [{ ...photo, role: item.role, order: item.order }] : [];
    }),
    findings,
    preferences,
    collection: { id: body.collectionId, name: collection?.name ?? '' },
    people: Object.fromEntries(members.map((m) => [m.userId, m.name])) as Record<string, string>,
    me: { id: user.id, name: user.name },
    evaluates: evaluatesBodies(user),
    exportsDossiers: exportsDossiers(user),
    writes: !readOnly(user)
  };
};
