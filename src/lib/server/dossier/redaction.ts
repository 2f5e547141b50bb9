/**
 * What a dossier leaves out, chosen at export and recorded in bag-info.txt and the audit row: a
 * dossier for a court holds everything (`none`); one for a family can leave out every photograph
 * (`all-photos`) or keep only the face and tag photographs of a body (`face-and-tag`). Document
 * pages are never left out. The one schema serves the CLI's `--redact` and the API's `?redact=`.
 */
import * as v from 'valibot';
import type { DossierItem } from './scope.ts';

export const REDACTIONS = ['none', 'all-photos', 'face-and-tag'] as const;
export type Redaction = (typeof REDACTIONS)[number];

export const RedactionSchema = v.optional(
  v.picklist(REDACTIONS, 'redact must be none, all-photos or face-and-tag'),
  'none'
);

/** Roles of photographs kept by `face-and-tag` (a body's photo roles). */
export const KEPT_ROLES: readonly string[] = ['face', 'tag'];

export function checkRedaction(
  value: unknown
): { ok: true; value: Redaction } | { ok: false; message: string } {
  const parsed = v.safeParse(RedactionSchema, value ?? undefined);
  return parsed.success
    ? { ok: true, value: parsed.output }
    : { ok: false, message: parsed.issues[0].message };
}

/**
 * Does the item go in? `roleOf` names a photograph's role in a body (face, tag, …) or null when it
 * has none: with `face-and-tag`, a photograph with no role is left out.
 */
export function includes(redaction: Redaction, roleOf: (item: DossierItem) => string | null) {
  return (item: DossierItem): boolean => {
    if (item.kind !== 'photo' || redaction === 'none') return true;
    if (redaction === 'all-photos') return false;
    const role = roleOf(item);
    return role !== null && KEPT_ROLES.includes(role);
  };
}
