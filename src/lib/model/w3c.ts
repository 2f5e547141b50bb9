/**
 * W3C Web Annotation (JSON-LD) ↔ the document schema. The finding travels as body entries, one per
 * field, each naming its field; the selector is the annotation's target on the item's IIIF image.
 */
import {
  CONSISTENCY_LEVELS,
  FINDING_FIELDS,
  LESION_TYPES,
  type Finding,
  type FindingField
} from './injury.ts';
import type { AnnotationRecord, Selector } from './document-schema.ts';

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

const NUMBER = '\\d+(?:\\.\\d+)?';
const FRAGMENT = new RegExp(`^xywh=(?:pixel:)?(${NUMBER}),(${NUMBER}),(${NUMBER}),(${NUMBER})$`);
const POINTS = `${NUMBER},${NUMBER}(?:\\s+${NUMBER},${NUMBER}){0,499}`;
const SVG_POLYGON = new RegExp(
  `^<svg[^<>]{0,200}><polygon points="(${POINTS})"\\s*/?>(?:</polygon>)?</svg>$`
);

/** A selector we can store, or a message. SVG is accepted only as a bare polygon (no scripts, no links). */
export function checkSelector(
  input: unknown,
  width: number,
  height: number
): { ok: true; value: Selector } | { ok: false; error: string } {
  const s = input as { type?: unknown; value?: unknown } | null;
  if (!s || typeof s.value !== 'string' || s.value.length > 20_000)
    return { ok: false, error: 'target.selector must have a string value' };
  const inside = (x: number, y: number) => x >= 0 && y >= 0 && x <= width && y <= height;
  if (s.type === 'FragmentSelector') {
    const m = FRAGMENT.exec(s.value);
    if (!m) return { ok: false, error: 'FragmentSelector value must be xywh=pixel:x,y,w,h' };
    const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
    if (!inside(x, y) || !inside(x + w, y + h))
      return { ok: false, error: 'the region lies outside the image' };
    return {
      ok: true,
      value: {
        type: 'FragmentSelector',
        conformsTo: 'http://www.w3.org/TR/media-frags/',
        value: `xywh=pixel:${x},${y},${w},${h}`
      }
    };
  }
  if (s.type === 'SvgSelector') {
    const m = SVG_POLYGON.exec(s.value.trim());
    if (!m) return { ok: false, error: 'SvgSelector must be a single <polygon points="…"> in an <svg>' };
    const points = (m[1] as string).split(/\s+/).map((p) => p.split(',').map(Number) as [number, number]);
    if (points.length < 3 || points.some(([x, y]) => !inside(x, y)))
      return { ok: false, error: 'the polygon needs 3+ points inside the image' };
    return {
      ok: true,
      value: {
        type: 'SvgSelector',
        value: `<svg><polygon points="${points.map((p) => p.join(',')).join(' ')}"/></svg>`
      }
    };
  }
  return { ok: false, error: 'target.selector.type must be FragmentSelector or SvgSelector' };
}

/** The finding carried by an annotation's body entries; unknown fields and bad values are errors. */
export function checkFinding(body: unknown): { ok: true; value: Finding } | { ok: false; error: string } {
  const entries = body === undefined ? [] : Array.isArray(body) ? body : [body];
  const finding: Finding = {};
  for (const entry of entries as Array<Record<string, unknown>>) {
    const field = entry?.['athar:field'];
    const value = entry?.value;
    if (typeof field !== 'string' || !(FINDING_FIELDS as readonly string[]).includes(field)) {
      return {
        ok: false,
        error: `each body entry needs "athar:field" (one of ${FINDING_FIELDS.join(', ')})`
      };
    }
    if (typeof value !== 'string' || value.length > 5000)
      return { ok: false, error: `body value of ${field} must be a string (≤ 5000)` };
    if (field === 'lesionType' && !(LESION_TYPES as readonly string[]).includes(value))
      return { ok: false, error: `unknown lesion type: ${value}` };
    if (field === 'consistency' && !(CONSISTENCY_LEVELS as readonly string[]).includes(value))
      return { ok: false, error: `unknown consistency level: ${value}` };
    if (field === 'sizeMm') {
      const n = Number(value);
      if (!Number.isFinite(n) || n < 0 || n > 10_000)
        return { ok: false, error: 'sizeMm must be a number 0–10000' };
      finding.sizeMm = n;
      continue;
    }
    finding[field as FindingField] = value;
  }
  return { ok: true, value: finding };
}
