/**
 * What a page shows of describe once: the description (only its text, never who wrote it) and
 * whether the reader may write it. The one place pages ask, so the blind rule holds on every page
 * as it does in the API (description-api.ts):
 * - whoever reviews the target blind gets no description in the page data, whatever exists, and may
 *   only write the first one (`write: 'first'`), which they are told is there (`hidden`) without
 *   its text;
 * - observers read it and write nothing.
 */
import { readOnly } from '../../model/roles.ts';
import type { Severity } from '../../model/content-labels.ts';
import type { Db } from '../db/connect.ts';
import { descriptionOf } from './descriptions.ts';
import type { LabelTarget } from './labels.ts';

export type DescriptionView = {
  description: { visible: string; location: string; severity: Severity } | null;
  /** A description exists that this reader may not read yet (blind review). */
  hidden: boolean;
  /** 'edit': write or correct it; 'first': write it only if none exists; null: read only. */
  write: 'edit' | 'first' | null;
};

export async function descriptionView(
  db: Db,
  user: { role: string },
  target: LabelTarget,
  blind: boolean
): Promise<DescriptionView> {
  const stored = await descriptionOf(db, target);
  const write = readOnly(user) ? null : blind ? 'first' : 'edit';
  if (blind) return { description: null, hidden: stored !== null, write: stored ? null : write };
  const description = stored
    ? { visible: stored.visible, location: stored.location, severity: stored.severity }
    : null;
  return { description, hidden: false, write };
}
