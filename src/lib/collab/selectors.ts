/**
 * Annotorious shapes ↔ the W3C selectors of the document schema (encoded and parsed by the one
 * codec, model/selector.ts). Rectangles (and points, which are small squares) are `FragmentSelector`
 * "xywh=pixel:x,y,w,h"; polygons are an `SvgSelector` holding one `<polygon>`. A rotated rectangle is
 * stored as the polygon of its corners. What the pointer drew is clamped into the image here, before
 * encoding: the codec itself refuses coordinates outside the image. Pure: no Annotorious runtime.
 */
import type { ImageAnnotation, Polygon, Rectangle, Shape, ShapeType } from '@annotorious/openseadragon';
import {
  POINT_MAX_PX,
  parseSelector,
  polygonSelector,
  rectSelector,
  regionBounds,
  type ImageSize,
  type Point,
  type Selector
} from '$lib/model/selector';

export type { ImageSize };
export { POINT_MAX_PX, shapeKind, type ShapeKind } from '$lib/model/selector';

const RECTANGLE = 'RECTANGLE' as ShapeType.RECTANGLE;
const POLYGON = 'POLYGON' as ShapeType.POLYGON;

const clamp = (n: number, max: number) => Math.min(Math.max(n, 0), max);

function rotatedCorners(x: number, y: number, w: number, h: number, rot: number): Point[] {
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
    ] as Point[]
  ).map(([px, py]) => [cx + (px - cx) * cos - (py - cy) * sin, cy + (px - cx) * sin + (py - cy) * cos]);
}

/** The stored selector of an Annotorious shape, inside the image; `null` for a degenerate shape. */
export function shapeToSelector(shape: Shape, size: ImageSize): Selector | null {
  if (shape.type === RECTANGLE) {
    const { x, y, w, h, rot } = (shape as Rectangle).geometry;
    if (rot) return polygonToSelector(rotatedCorners(x, y, w, h, rot), size);
    const x0 = clamp(x, size.width);
    const y0 = clamp(y, size.height);
    const x1 = clamp(x + w, size.width);
    const y1 = clamp(y + h, size.height);
    if (x1 - x0 < 1 || y1 - y0 < 1) return null;
    return rectSelector(x0, y0, x1, y1);
  }
  if (shape.type === POLYGON) return polygonToSelector((shape as Polygon).geometry.points, size);
  return null;
}

function polygonToSelector(raw: number[][], size: ImageSize): Selector | null {
  const points = raw
    .filter((p) => p.length >= 2 && Number.isFinite(p[0]) && Number.isFinite(p[1]))
    .map((p): Point => [clamp(p[0] as number, size.width), clamp(p[1] as number, size.height)]);
  if (points.length < 3) return null;
  const b = regionBounds({ kind: 'polygon', points });
  if (b.maxX - b.minX < 1 && b.maxY - b.minY < 1) return null;
  return polygonSelector(points);
}

/** The Annotorious shape of a stored selector; `null` when the codec refuses it. */
export function selectorToShape(selector: Selector): Shape | null {
  const parsed = parseSelector(selector);
  if (!parsed.ok) return null;
  const region = parsed.region;
  const bounds = regionBounds(region);
  if (region.kind === 'rect') {
    const { x, y, w, h } = region;
    return { type: RECTANGLE, geometry: { x, y, w, h, bounds } } as Rectangle;
  }
  return { type: POLYGON, geometry: { points: region.points, bounds } } as Polygon;
}

/** A point: a square of `side` image pixels centred on (x, y), kept inside the image. */
export function pointSelector(x: number, y: number, side: number, size: ImageSize): Selector {
  const s = Math.max(2, Math.min(Math.round(side), POINT_MAX_PX, size.width, size.height));
  const left = Math.min(Math.max(Math.round(x - s / 2), 0), size.width - s);
  const top = Math.min(Math.max(Math.round(y - s / 2), 0), size.height - s);
  return rectSelector(left, top, left + s, top + s);
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
