/**
 * Rectangles of reveal by region and of the opening frame, without OpenSeadragon: the region a
 * reviewer drags or asks for with the keyboard (image pixels), the bands that keep the rest of the
 * view protected around it (screen pixels), and the frame an item opens on around its findings.
 */
import type { Box } from '$lib/model/selector';

export type Rect = { x: number; y: number; w: number; h: number };
export type Size = { width: number; height: number };
export type XY = { x: number; y: number };

/** The smallest rectangle holding every point (the screen box of a rotated image rectangle). */
export function boundingRect(points: XY[]): Rect {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
}

/** `rect` cut to the area 0…width × 0…height; null when nothing of it is left. */
export function clipRect(rect: Rect, area: Size): Rect | null {
  const x0 = Math.max(0, rect.x);
  const y0 = Math.max(0, rect.y);
  const x1 = Math.min(area.width, rect.x + rect.w);
  const y1 = Math.min(area.height, rect.y + rect.h);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

/** The image rectangle between two dragged corners (in any order), inside the image. */
export function rectBetween(a: XY, b: XY, image: Size): Rect | null {
  return clipRect(boundingRect([a, b]), image);
}

/** The middle half (in width and in height) of a view, inside the image: the keyboard's region. */
export function middleOf(view: Rect, image: Size): Rect | null {
  return clipRect({ x: view.x + view.w / 4, y: view.y + view.h / 4, w: view.w / 2, h: view.h / 2 }, image);
}

/**
 * The bands of a container around a hole: above, below, and beside it between the two. Together
 * with the hole they cover the container exactly; a hole outside the container leaves one band
 * over all of it, so nothing goes unprotected.
 */
export function bandsAround(hole: Rect, container: Size): Rect[] {
  const inside = clipRect(hole, container);
  if (!inside) return [{ x: 0, y: 0, w: container.width, h: container.height }];
  const bottom = inside.y + inside.h;
  const right = inside.x + inside.w;
  const bands: Rect[] = [
    { x: 0, y: 0, w: container.width, h: inside.y },
    { x: 0, y: bottom, w: container.width, h: container.height - bottom },
    { x: 0, y: inside.y, w: inside.x, h: inside.h },
    { x: right, y: inside.y, w: container.width - right, h: inside.h }
  ];
  return bands.filter((b) => b.w > 0 && b.h > 0);
}

/**
 * The frame an item opens on: the box around all `boxes`, widened by `margin` of its size on each
 * side and to at least `minShare` of the image's shorter side (a point alone is not a view), inside
 * the image. Null without boxes.
 */
export function frameAround(boxes: Box[], image: Size, margin = 0.25, minShare = 0.15): Rect | null {
  if (boxes.length === 0) return null;
  const minX = Math.min(...boxes.map((b) => b.minX));
  const minY = Math.min(...boxes.map((b) => b.minY));
  const maxX = Math.max(...boxes.map((b) => b.maxX));
  const maxY = Math.max(...boxes.map((b) => b.maxY));
  const least = Math.min(image.width, image.height) * minShare;
  const w = Math.max((maxX - minX) * (1 + 2 * margin), least);
  const h = Math.max((maxY - minY) * (1 + 2 * margin), least);
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  return clipRect({ x: cx - w / 2, y: cy - h / 2, w, h }, image);
}
