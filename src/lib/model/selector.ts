/**
 * The one codec for the W3C selectors of the document schema. Every reader of a stored or imported
 * target (the browser binding, the review overlays, the agreement statistics, the REST import, the
 * socket validator) parses through `parseSelector`; every writer encodes through `rectSelector` /
 * `polygonSelector`.
 *
 * What a selector may be (security invariants — a target is shown in every browser and exported):
 * - `FragmentSelector` "xywh=pixel:x,y,w,h" (the `pixel:` prefix is optional on input), w and h > 0;
 * - `SvgSelector` holding exactly `<svg><polygon points="…"/></svg>`: the only attribute allowed is
 *   `points` (and `xmlns` with the SVG namespace on `<svg>`), so no script, handler, link or style can
 *   ride along; 3 to MAX_POINTS points.
 * - Numbers are finite decimals. **Negative coordinates are refused, never clamped**: a region lies
 *   inside the image (0 ≤ x ≤ width, 0 ≤ y ≤ height) when the image size is known, and inside
 *   0…MAX_COORDINATE when it is not. Clamping is the drawing tool's job before it encodes a shape
 *   (collab/selectors.ts), so a stored selector is always the one that was checked.
 * Anything else is a result with an error code, never an exception.
 */
export type Selector =
  | { type: 'FragmentSelector'; conformsTo: 'http://www.w3.org/TR/media-frags/'; value: string }
  | { type: 'SvgSelector'; value: string };

export type ImageSize = { width: number; height: number };
export type Point = [number, number];
export type Region =
  { kind: 'rect'; x: number; y: number; w: number; h: number } | { kind: 'polygon'; points: Point[] };
export type Box = { minX: number; minY: number; maxX: number; maxY: number };

export type SelectorError =
  'malformed' | 'unsupported_type' | 'unsafe_svg' | 'point_count' | 'degenerate' | 'out_of_bounds';
export type SelectorResult =
  { ok: true; selector: Selector; region: Region } | { ok: false; code: SelectorError; message: string };

/** Largest coordinate of any image the archive holds (sharp's own limit is far below 2^31). */
export const MAX_COORDINATE = 100_000;
export const MAX_POINTS = 1000;
/** Longest selector value: MAX_POINTS points of "100000.0,100000.0 ". */
export const MAX_SELECTOR_LENGTH = 20_000;

const MEDIA_FRAGS = 'http://www.w3.org/TR/media-frags/';
const NUMBER = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
const FRAGMENT = new RegExp(`^xywh=(?:pixel:)?(${NUMBER}),(${NUMBER}),(${NUMBER}),(${NUMBER})$`);
const SVG_POLYGON =
  /^<svg(?:\s+xmlns="http:\/\/www\.w3\.org\/2000\/svg")?\s*>\s*<polygon\s+points="([0-9eE+\-.,\s]*)"\s*(?:\/>|>\s*<\/polygon>)\s*<\/svg>$/;
const NUMBER_ONLY = new RegExp(`^${NUMBER}$`);
/** Slack for coordinates rounded to a tenth next to an image edge. */
const EDGE = 0.001;

const fail = (code: SelectorError, message: string): SelectorResult => ({ ok: false, code, message });

export function regionBounds(region: Region): Box {
  if (region.kind === 'rect')
    return { minX: region.x, minY: region.y, maxX: region.x + region.w, maxY: region.y + region.h };
  const xs = region.points.map((p) => p[0]);
  const ys = region.points.map((p) => p[1]);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

function inBounds(region: Region, image: ImageSize | undefined): boolean {
  const b = regionBounds(region);
  const width = image?.width ?? MAX_COORDINATE;
  const height = image?.height ?? MAX_COORDINATE;
  return b.minX >= 0 && b.minY >= 0 && b.maxX <= width + EDGE && b.maxY <= height + EDGE;
}

/** Any selector from outside (import, document, socket): checked, canonical, with its region. */
export function parseSelector(input: unknown, image?: ImageSize): SelectorResult {
  const s = input as { type?: unknown; value?: unknown } | null;
  if (!s || typeof s !== 'object' || typeof s.value !== 'string')
    return fail('malformed', 'a selector needs a type and a string value');
  if (s.value.length > MAX_SELECTOR_LENGTH)
    return fail('malformed', `a selector value holds at most ${MAX_SELECTOR_LENGTH} characters`);
  let region: Region;
  if (s.type === 'FragmentSelector') {
    const m = FRAGMENT.exec(s.value.trim());
    if (!m) return fail('malformed', 'FragmentSelector value must be xywh=pixel:x,y,w,h');
    const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
    if (![x, y, w, h].every(Number.isFinite)) return fail('out_of_bounds', 'coordinates must be finite');
    if (w <= 0 || h <= 0) return fail('degenerate', 'a region needs a width and a height');
    region = { kind: 'rect', x, y, w, h };
  } else if (s.type === 'SvgSelector') {
    const m = SVG_POLYGON.exec(s.value.trim());
    if (!m) return fail('unsafe_svg', 'SvgSelector must be a single <polygon points="…"> in an <svg>');
    const numbers = (m[1] as string).trim().split(/[\s,]+/);
    if (numbers.some((n) => !NUMBER_ONLY.test(n)) || numbers.length % 2 !== 0)
      return fail('malformed', 'polygon points must be pairs of numbers');
    const points: Point[] = [];
    for (let i = 0; i < numbers.length; i += 2) points.push([Number(numbers[i]), Number(numbers[i + 1])]);
    if (points.length < 3 || points.length > MAX_POINTS)
      return fail('point_count', `a polygon has 3 to ${MAX_POINTS} points`);
    if (!points.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y)))
      return fail('out_of_bounds', 'coordinates must be finite');
    region = { kind: 'polygon', points };
  } else {
    return fail('unsupported_type', 'selector type must be FragmentSelector or SvgSelector');
  }
  if (!inBounds(region, image))
    return fail('out_of_bounds', image ? 'the region lies outside the image' : 'coordinates out of range');
  return { ok: true, selector: encode(region, String), region };
}

export type ShapeKind = 'rectangle' | 'polygon' | 'point';
/** Points are squares no larger than this many image pixels (collab/selectors.ts `pointSelector`). */
export const POINT_MAX_PX = 64;

/** What the user drew, as far as the selector tells: points are squares of at most POINT_MAX_PX. */
export function shapeKind(selector: Selector): ShapeKind {
  const parsed = parseSelector(selector);
  const region = parsed.ok ? parsed.region : null;
  if (region?.kind === 'polygon') return 'polygon';
  return region && region.w === region.h && region.w <= POINT_MAX_PX ? 'point' : 'rectangle';
}

/**
 * A selector in whole pixels, as Media Fragments requires: a rectangle rounded outward (it still
 * covers all it covered), a point as the one pixel at its centre, a polygon's points rounded.
 * Null for a selector that does not parse.
 */
export function pixelSelector(selector: Selector): { selector: Selector; shape: ShapeKind } | null {
  const parsed = parseSelector(selector);
  if (!parsed.ok) return null;
  const shape = shapeKind(selector);
  const region = parsed.region;
  if (region.kind === 'polygon') {
    const points = region.points.map(([x, y]) => [Math.round(x), Math.round(y)] as Point);
    return { selector: encode({ kind: 'polygon', points }, String), shape };
  }
  if (shape === 'point') {
    const [x, y] = [Math.floor(region.x + region.w / 2), Math.floor(region.y + region.h / 2)];
    return { selector: encode({ kind: 'rect', x, y, w: 1, h: 1 }, String), shape };
  }
  const [x, y] = [Math.floor(region.x), Math.floor(region.y)];
  const [w, h] = [Math.ceil(region.x + region.w) - x, Math.ceil(region.y + region.h) - y];
  return { selector: encode({ kind: 'rect', x, y, w, h }, String), shape };
}

/** A stored `target` (the JSON text of a selector); a failure for anything else. */
export function parseTarget(text: unknown, image?: ImageSize): SelectorResult {
  if (typeof text !== 'string' || text.length > MAX_SELECTOR_LENGTH + 200)
    return fail('malformed', 'a target is the JSON text of a selector');
  try {
    return parseSelector(JSON.parse(text), image);
  } catch {
    return fail('malformed', 'a target is the JSON text of a selector');
  }
}

const tenth = (n: number) => String(Math.round(n * 10) / 10);

function encode(region: Region, number: (n: number) => string): Selector {
  if (region.kind === 'rect') {
    const [x, y, w, h] = [region.x, region.y, region.w, region.h].map(number);
    return { type: 'FragmentSelector', conformsTo: MEDIA_FRAGS, value: `xywh=pixel:${x},${y},${w},${h}` };
  }
  const points = region.points.map(([x, y]) => `${number(x)},${number(y)}`).join(' ');
  return { type: 'SvgSelector', value: `<svg><polygon points="${points}"/></svg>` };
}

/** A rectangle from its corners, rounded to a tenth of a pixel (w = x1 − x0 after rounding). */
export function rectSelector(x0: number, y0: number, x1: number, y1: number): Selector {
  const r = (n: number) => Math.round(n * 10) / 10;
  const [left, top] = [r(x0), r(y0)];
  return encode({ kind: 'rect', x: left, y: top, w: r(r(x1) - left), h: r(r(y1) - top) }, tenth);
}

export function polygonSelector(points: Point[]): Selector {
  return encode({ kind: 'polygon', points }, tenth);
}
