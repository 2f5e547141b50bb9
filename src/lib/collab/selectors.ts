/**
 * Annotorious shapes ↔ the W3C selectors of the document schema. Rectangles (and points, which are
 * small squares) are `FragmentSelector` "xywh=pixel:x,y,w,h"; polygons are an `SvgSelector` holding
 * one `<polygon>`. A rotated rectangle is stored as the polygon of its corners. Coordinates are image
 * pixels, rounded to a tenth and kept inside the image. Pure: no Annotorious runtime is imported.
 */
import type { ImageAnnotation, Polygon, Rectangle, Shape, ShapeType } from '@annotorious/openseadragon';
import type { Selector } from '$lib/model/document-schema';

export type ImageSize = { width: number; height: number };
export type ShapeKind = 'rectangle' | 'polygon' | 'point';

const RECTANGLE = 'RECTANGLE' as ShapeType.RECTANGLE;
const POLYGON = 'POLYGON' as ShapeType.POLYGON;
const FRAGMENT = /^xywh=(?:pixel:)?(-?[\d.]+),(-?[\d.]+),([\d.]+),([\d.]+)$/;
const POLYGON_POINTS = /<polygon\s+points="([^"]*)"/;

/** Points are squares no larger than this many image pixels (see `pointSelector`). */
export const POINT_MAX_PX = 64;

const round = (n: number) => Math.round(n * 10) / 10;
const clamp = (n: number, max: number) => Math.min(Math.max(n, 0), max);

function bounds(points: Array<[number, number]>) {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

export function fragment(x: number, y: number, w: number, h: number): Selector {
  return {
    type: 'FragmentSelector',
    conformsTo: 'http://www.w3.org/TR/media-frags/',
    value: `xywh=pixel:${round(x)},${round(y)},${round(w)},${round(h)}`
  };
}

function polygonSelector(points: Array<[number, number]>): Selector {
  return {
    type: 'SvgSelector',
    value: `<svg><polygon points="${points.map(([x, y]) => `${round(x)},${round(y)}`).join(' ')}"/></svg>`
  };
}

function rotatedCorners(x: number, y: number, w: number, h: number, rot: number): Array<[number, number]> {
  const cx = x + w / 2;
  const cy = y + h / 2;
  const cos = Math.cos(rot);
  const sin = Math.sin(rot);
  return (
    [
      [x, y],
      [x + w, y],
      [x + w, y + h],
      [x, y + h]
    ] as Array<[number, number]>
  ).map(([px, py]) => [cx + (px - cx) * cos - (py - cy) * sin, cy + (px - cx) * sin + (py - cy) * cos]);
}

/** The stored selector of an Annotorious shape, inside the image; `null` for a degenerate shape. */
export function shapeToSelector(shape: Shape, size: ImageSize): Selector | null {
  if (shape.type === RECTANGLE) {
    const { x, y, w, h, rot } = (shape as Rectangle).geometry;
    if (rot)
      return shapeToSelector(
        { type: POLYGON, geometry: polygonGeometry(rotatedCorners(x, y, w, h, rot)) } as Polygon,
        size
      );
    const x0 = clamp(x, size.width);
    const y0 = clamp(y, size.height);
    const x1 = clamp(x + w, size.width);
    const y1 = clamp(y + h, size.height);
    if (x1 - x0 < 1 || y1 - y0 < 1) return null;
    return fragment(x0, y0, x1 - x0, y1 - y0);
  }
  if (shape.type === POLYGON) {
    const points = (shape as Polygon).geometry.points
      .filter((p) => p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]))
      .map(
        (p) => [clamp(p[0] as number, size.width), clamp(p[1] as number, size.height)] as [number, number]
      );
    if (points.length < 3) return null;
    const b = bounds(points);
    if (b.maxX - b.minX < 1 && b.maxY - b.minY < 1) return null;
    return polygonSelector(points);
  }
  return null;
}

function polygonGeometry(points: Array<[number, number]>) {
  return { points, bounds: bounds(points) };
}

/** The Annotorious shape of a stored selector; `null` when it is not one we draw. */
export function selectorToShape(selector: Selector): Shape | null {
  if (selector.type === 'FragmentSelector') {
    const m = FRAGMENT.exec(selector.value);
    if (!m) return null;
    const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
    if (![x, y, w, h].every(Number.isFinite)) return null;
    return {
      type: RECTANGLE,
      geometry: { x, y, w, h, bounds: { minX: x, minY: y, maxX: x + w, maxY: y + h } }
    } as Rectangle;
  }
  if (selector.type === 'SvgSelector') {
    const m = POLYGON_POINTS.exec(selector.value);
    if (!m) return null;
    const points = (m[1] as string)
      .trim()
      .split(/\s+/)
      .map((pair) => pair.split(',').map(Number) as [number, number]);
    if (points.length < 3 || points.some((p) => p.length !== 2 || !p.every(Number.isFinite))) return null;
    return { type: POLYGON, geometry: polygonGeometry(points) } as Polygon;
  }
  return null;
}

/** A point: a square of `side` image pixels centred on (x, y), kept inside the image. */
export function pointSelector(x: number, y: number, side: number, size: ImageSize): Selector {
  const s = Math.max(2, Math.min(Math.round(side), POINT_MAX_PX, size.width, size.height));
  const left = Math.min(Math.max(Math.round(x - s / 2), 0), size.width - s);
  const top = Math.min(Math.max(Math.round(y - s / 2), 0), size.height - s);
  return fragment(left, top, s, s);
}

/** What the user drew, as far as the selector tells: points are squares of at most POINT_MAX_PX. */
export function shapeKind(selector: Selector): ShapeKind {
  if (selector.type === 'SvgSelector') return 'polygon';
  const m = FRAGMENT.exec(selector.value);
  if (m && m[3] === m[4] && Number(m[3]) <= POINT_MAX_PX) return 'point';
  return 'rectangle';
}

/** The bounding box of a selector in image pixels. */
export function selectorBounds(selector: Selector): { x: number; y: number; w: number; h: number } | null {
  const shape = selectorToShape(selector);
  if (!shape) return null;
  const b = shape.geometry.bounds;
  return { x: b.minX, y: b.minY, w: b.maxX - b.minX, h: b.maxY - b.minY };
}

/** An Annotorious annotation carrying only a target (the finding lives in the Yjs document). */
export function toImageAnnotation(
  id: string,
  shape: Shape,
  createdBy?: string | null,
  createdAt?: number | null
): ImageAnnotation {
  return {
    id,
    bodies: [],
    target: {
      annotation: id,
      selector: shape,
      ...(createdBy ? { creator: { id: createdBy } } : {}),
      ...(createdAt ? { created: new Date(createdAt) } : {})
    }
  };
}
