/**
 * The browser's writes to an annotation's finding: what a person typed is read by the finding rules
 * (the same rules as the REST import and the socket), then written field by field, so two experts
 * editing two fields of one finding at once both keep their change. Prose fields are typed into
 * live (`typeProse`): each keystroke is the smallest change to the field's Y.Text.
 */
import type * as Y from 'yjs';
import { setFindingValue } from '$lib/model/document-schema';
import { checkFindingField, findingInput, isProseField, mayWriteField } from '$lib/model/finding-rules';
import type { FindingField } from '$lib/model/injury';

export type FindingWriter = {
  doc: Y.Doc;
  origin: unknown;
  user: { id: string; expert: boolean; readOnly: boolean };
};

/** Writes one field (an empty input clears it); false when this user may not or the value is refused. */
export function setFindingField(
  writer: FindingWriter,
  annotationId: string,
  field: FindingField,
  raw: string
): boolean {
  const { doc, origin, user } = writer;
  if (!mayWriteField(user, field)) return false;
  const input = findingInput(field, raw);
  if (!input.ok) return false;
  return setFindingValue(doc, annotationId, field, input.value, user.id, origin);
}

/**
 * The text of a prose field as it stands in its box (not trimmed: the person is still typing),
 * written as the smallest change ending at `caret`; false when refused (the box then shows the
 * stored text again).
 */
export function typeProse(
  writer: FindingWriter,
  annotationId: string,
  field: FindingField,
  text: string,
  caret: number
): boolean {
  const { doc, origin, user } = writer;
  if (!isProseField(field) || !mayWriteField(user, field)) return false;
  if (text !== '' && !checkFindingField(field, text).ok) return false;
  return setFindingValue(doc, annotationId, field, text === '' ? null : text, user.id, origin, caret);
}
