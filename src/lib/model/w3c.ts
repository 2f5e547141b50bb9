/**
 * W3C Web Annotation (JSON-LD) ↔ the document schema. The finding travels as body entries, one per
 * field, each naming its field; the selector is the annotation's target on the item's IIIF image.
 */
import type { AnnotationRecord } from './document/annotations.ts';
import { FIELD_RULES, isFindingField } from './finding-rules.ts';
import { FINDING_FIELDS, type FindingField } from './injury.ts';
import type { Selector } from './selector.ts';

export const ATHAR_CONTEXT = { athar: 'urn:athar:vocab#' };
export const W3C_CONTEXT = ['http://www.w3.org/ns/anno.jsonld', ATHAR_CONTEXT] as const;

export type W3CBody = {
  type: 'TextualBody';
  purpose: 'tagging' | 'describing' | 'assessing';
  value: string;
  'athar:field': FindingField;
};
export type W3CAnnotation = {
  '@context'?: unknown;
  id: string;
  type: 'Annotation';
  motivation: 'describing';
  body: W3CBody[];
  target: { source: string; selector: Selector };
  creator?: { id: string; type: 'Person' };
  created?: string;
  modified?: string;
  'athar:modifiedBy'?: string;
};

const PURPOSE: Partial<Record<FindingField, W3CBody['purpose']>> = {
  lesionType: 'tagging',
  consistency: 'assessing'
};

export function toW3C(
  record: AnnotationRecord,
  itemUrl: string,
  userUrl: (id: string) => string
): W3CAnnotation {
  const body: W3CBody[] = [];
  for (const field of FINDING_FIELDS) {
    const value = record.finding[field];
    if (value === undefined || value === '') continue;
    body.push({
      type: 'TextualBody',
      purpose: PURPOSE[field] ?? 'describing',
      value: String(value),
      'athar:field': field
    });
  }
  return {
    id: `${itemUrl}/annotations/${record.id}`,
    type: 'Annotation',
    motivation: 'describing',
    body,
    target: { source: itemUrl, selector: record.target },
    ...(record.createdBy && { creator: { id: userUrl(record.createdBy), type: 'Person' as const } }),
    ...(record.createdAt && { created: new Date(record.createdAt).toISOString() }),
    ...(record.updatedAt && { modified: new Date(record.updatedAt).toISOString() }),
    ...(record.updatedBy && { 'athar:modifiedBy': userUrl(record.updatedBy) })
  };
}

/**
 * The finding carried by an annotation's body entries, as a plain object for the finding rules
 * (`checkFinding`): W3C bodies carry text, so `sizeMm` is read as a number here.
 */
export function findingFromBody(
  body: unknown
): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  const entries = body === undefined ? [] : Array.isArray(body) ? body : [body];
  const finding: Record<string, unknown> = {};
  for (const entry of entries as Array<Record<string, unknown> | null>) {
    const field = entry?.['athar:field'];
    const value = entry?.value;
    if (!isFindingField(field))
      return {
        ok: false,
        error: `each body entry needs "athar:field" (one of ${FINDING_FIELDS.join(', ')})`
      };
    if (typeof value !== 'string') return { ok: false, error: `the body value of ${field} must be text` };
    const numeric = FIELD_RULES[field].kind === 'number';
    finding[field] = numeric ? (value.trim() === '' ? Number.NaN : Number(value)) : value;
  }
  return { ok: true, value: finding };
}
