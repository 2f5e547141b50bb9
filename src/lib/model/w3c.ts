/**
 * W3C Web Annotation (JSON-LD) ↔ the document schema. The finding travels as body entries, one per
 * field, each naming its field (a number field carries its value as a number in `athar:number` too:
 * a TextualBody's `value` is text).
 *
 * The export is made to stand as evidence:
 * - `target.source` names the image by its SHA-256 (`urn:sha256:<hex>`); `athar:item` is its URL.
 * - Selectors are in whole pixels (Media Fragments): a box rounded outward, a polygon's points
 *   rounded, and a point as `xywh=pixel:x,y,1,1`, its centre pixel, told from a 1-pixel box by
 *   `target['athar:shape']` ('point' | 'rectangle' | 'polygon').
 * - `id` and `creator.id` are URLs that answer (the annotation, the person with their name).
 * - An adjudicated finding carries `athar:sources` (the blind-review findings it came from) and
 *   `athar:decision` (accepted or merged, by whom, when, why).
 */
import type { Decision } from './document/adjudication.ts';
import type { AnnotationRecord } from './document/annotations.ts';
import { FIELD_RULES, isFindingField } from './finding-rules.ts';
import { FINDING_FIELDS, type FindingField } from './injury.ts';
import { pixelSelector, type Selector, type ShapeKind } from './selector.ts';

export const ATHAR_CONTEXT = { athar: 'urn:athar:vocab#' };
export const W3C_CONTEXT = ['http://www.w3.org/ns/anno.jsonld', ATHAR_CONTEXT] as const;

export type W3CBody = {
  type: 'TextualBody';
  purpose: 'tagging' | 'describing' | 'assessing';
  value: string;
  'athar:field': FindingField;
  'athar:number'?: number;
};
export type W3CPerson = { id: string; type: 'Person'; name?: string };
export type W3CAnnotation = {
  '@context'?: unknown;
  id: string;
  type: 'Annotation';
  motivation: 'describing';
  body: W3CBody[];
  target: { source: string; selector: Selector; 'athar:item': string; 'athar:shape': ShapeKind };
  creator?: W3CPerson;
  created?: string;
  modified?: string;
  'athar:modifiedBy'?: W3CPerson;
  'athar:sources'?: Array<{ assignmentId: string; annotationId: string }>;
  'athar:decision'?: {
    decision: Decision['decision'];
    by: W3CPerson;
    at: string;
    reason?: string;
  };
};

/** What an export needs around the records: the item, its image's hash, people by id. */
export type W3CContext = {
  itemUrl: string;
  sha256: string;
  person: (userId: string) => W3CPerson;
  /** The decision that put an adjudicated record on the layer (by its sources), if any. */
  decision?: (record: AnnotationRecord) => Decision | undefined;
};

const PURPOSE: Partial<Record<FindingField, W3CBody['purpose']>> = {
  lesionType: 'tagging',
  consistency: 'assessing'
};

export function toW3C(record: AnnotationRecord, context: W3CContext): W3CAnnotation {
  const body: W3CBody[] = [];
  for (const field of FINDING_FIELDS) {
    const value = record.finding[field];
    if (value === undefined || value === '') continue;
    body.push({
      type: 'TextualBody',
      purpose: PURPOSE[field] ?? 'describing',
      value: String(value),
      'athar:field': field,
      ...(typeof value === 'number' && { 'athar:number': value })
    });
  }
  const pixels = pixelSelector(record.target);
  const decision = record.sources?.length ? context.decision?.(record) : undefined;
  return {
    id: `${context.itemUrl}/annotations/${record.id}`,
    type: 'Annotation',
    motivation: 'describing',
    body,
    target: {
      source: `urn:sha256:${context.sha256}`,
      selector: pixels?.selector ?? record.target,
      'athar:item': context.itemUrl,
      'athar:shape': pixels?.shape ?? 'rectangle'
    },
    ...(record.createdBy && { creator: context.person(record.createdBy) }),
    ...(record.createdAt && { created: new Date(record.createdAt).toISOString() }),
    ...(record.updatedAt && { modified: new Date(record.updatedAt).toISOString() }),
    ...(record.updatedBy && { 'athar:modifiedBy': context.person(record.updatedBy) }),
    ...(record.sources?.length && { 'athar:sources': record.sources.map((s) => ({ ...s })) }),
    ...(decision && {
      'athar:decision': {
        decision: decision.decision,
        by: context.person(decision.by),
        at: new Date(decision.at).toISOString(),
        ...(decision.reason && { reason: decision.reason })
      }
    })
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
    const numeric = FIELD_RULES[field].kind === 'number';
    if (numeric && typeof entry?.['athar:number'] === 'number') {
      finding[field] = entry['athar:number'];
      continue;
    }
    if (typeof value !== 'string') return { ok: false, error: `the body value of ${field} must be text` };
    finding[field] = numeric ? (value.trim() === '' ? Number.NaN : Number(value)) : value;
  }
  return { ok: true, value: finding };
}
