/** A stored W3C selector as something SVG can draw, in image pixels; `null` when unreadable. */
import type { Selector } from '$lib/model/document-schema';

export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number }
  | { kind: 'polygon'; points: string; x: number; y: number; w: number; h: number };

const FRAGMENT = /^xywh=(?:pixel:)?([\d.]+),([\d.]+),([\d.]+),([\d.]+)$/;
const POLYGON = /points="([^"]+)"/;

export function shapeOf(selector: Selector): Shape | null {
  if (selector.type === 'FragmentSelector') {
    const m = FRAGMENT.exec(selector.value);
    if (!m) return null;
    const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
    return { kind: 'rect', x, y, w, h };
  }
  const m = POLYGON.exec(selector.value);
  if (!m) return null;
  const pairs = m[1]!
    .trim()
    .split(/\s+/)
    .map((p) => p.split(',').map(Number))
    .filter((p) => p.length === 2 && p.every(Number.isFinite));
  if (pairs.length < 3) return null;
  const xs = pairs.map((p) => p[0]!);
  const ys = pairs.map((p) => p[1]!);
  const [x, y] = [Math.min(...xs), Math.min(...ys)];
  return {
    kind: 'polygon',
    points: pairs.map((p) => p.join(',')).join(' '),
    x,
    y,
    w: Math.max(...xs) - x,
    h: Math.max(...ys) - y
  };
}

/** Distinct, readable outline colours for up to three reviews, and the shared layer's own. */
export const REVIEW_COLOURS = ['#f0b429', '#2bb3c0', '#e0569b'] as const;
export const SHARED_COLOUR = '#ffffff';
export const reviewColour = (index: number) => REVIEW_COLOURS[index % REVIEW_COLOURS.length]!;
