/** A stored W3C selector as something SVG can draw, in image pixels; `null` when unreadable. */
import { parseSelector, regionBounds, type Selector } from '$lib/model/selector';

export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number }
  | { kind: 'polygon'; points: string; x: number; y: number; w: number; h: number };

export function shapeOf(selector: Selector): Shape | null {
  const parsed = parseSelector(selector);
  if (!parsed.ok) return null;
  const region = parsed.region;
  if (region.kind === 'rect') return { ...region };
  const b = regionBounds(region);
  return {
    kind: 'polygon',
    points: region.points.map((p) => p.join(',')).join(' '),
    x: b.minX,
    y: b.minY,
    w: b.maxX - b.minX,
    h: b.maxY - b.minY
  };
}

/** Distinct, readable outline colours for up to three reviews, and the shared layer's own. */
export const REVIEW_COLOURS = ['#f0b429', '#2bb3c0', '#e0569b'] as const;
export const SHARED_COLOUR = '#ffffff';
export const reviewColour = (index: number) => REVIEW_COLOURS[index % REVIEW_COLOURS.length]!;
