/**
 * Agreement statistics between two independent reviews (pure functions, checked on hand-worked
 * cases in tests/unit/agreement.spec.ts):
 * - regions match when their IoU ≥ 0.5 (greedy, highest IoU first); F1 = 2·matched / (nA + nB); the
 *   IoU is exact (rectangle arithmetic, polygon clipping otherwise);
 * - Cohen's kappa on the lesion type of matched regions;
 * - linearly weighted kappa on the five-level consistency scale (weights 1 − |i − j| / 4);
 * - character error rate between two transcriptions: edit distance / mean length.
 */
import * as polyclip from 'polyclip-ts';
import { parseSelector, regionBounds, type Region } from '../../model/selector.ts';

type Ring = Array<[number, number]>;
type Poly = Ring[];
type MultiPoly = Poly[];

export type { Region };

/** The region of a stored selector (the one codec: model/selector.ts); `null` when it refuses it. */
export function parseRegion(selector: unknown): Region | null {
  const parsed = parseSelector(selector);
  return parsed.ok ? parsed.region : null;
}

function ringOf(region: Region): Ring {
  if (region.kind === 'polygon') return region.points;
  const { x, y, w, h } = region;
  return [
    [x, y],
    [x + w, y],
    [x + w, y + h],
    [x, y + h]
  ];
}

/** Shoelace area of a ring (either orientation). */
function ringArea(ring: Ring): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    twice += (ring[j]![0] + ring[i]![0]) * (ring[j]![1] - ring[i]![1]);
  return Math.abs(twice) / 2;
}

/** Area of polyclip's output: each polygon's outer ring less its holes. */
function area(shape: MultiPoly): number {
  return shape.reduce(
    (sum, [outer, ...holes]) => sum + ringArea(outer ?? []) - holes.reduce((h, r) => h + ringArea(r), 0),
    0
  );
}

/** Intersection over union, exact for rectangles and polygons (polygon clipping by polyclip-ts). */
export function iou(a: Region, b: Region): number {
  const [ba, bb] = [regionBounds(a), regionBounds(b)];
  const ix = Math.max(0, Math.min(ba.maxX, bb.maxX) - Math.max(ba.minX, bb.minX));
  const iy = Math.max(0, Math.min(ba.maxY, bb.maxY) - Math.max(ba.minY, bb.minY));
  if (ix === 0 || iy === 0) return 0;
  if (a.kind === 'rect' && b.kind === 'rect') {
    const inter = ix * iy;
    return inter / (a.w * a.h + b.w * b.h - inter);
  }
  const pa: Poly = [ringOf(a)];
  const pb: Poly = [ringOf(b)];
  const union = area(polyclip.union(pa, pb));
  return union === 0 ? 0 : area(polyclip.intersection(pa, pb)) / union;
}

export type Finding = { id: string; region: Region; lesionType?: string; consistency?: string };
export type Pair = { a: Finding; b: Finding; iou: number };

export function matchFindings(
  a: Finding[],
  b: Finding[],
  threshold = 0.5
): { pairs: Pair[]; onlyA: Finding[]; onlyB: Finding[] } {
  const candidates: Pair[] = [];
  for (const fa of a)
    for (const fb of b) {
      const v = iou(fa.region, fb.region);
      if (v >= threshold) candidates.push({ a: fa, b: fb, iou: v });
    }
  candidates.sort((x, y) => y.iou - x.iou);
  const usedA = new Set<string>();
  const usedB = new Set<string>();
  const pairs: Pair[] = [];
  for (const c of candidates) {
    if (usedA.has(c.a.id) || usedB.has(c.b.id)) continue;
    usedA.add(c.a.id);
    usedB.add(c.b.id);
    pairs.push(c);
  }
  return { pairs, onlyA: a.filter((f) => !usedA.has(f.id)), onlyB: b.filter((f) => !usedB.has(f.id)) };
}

export function f1(matched: number, countA: number, countB: number): number | null {
  return countA + countB === 0 ? null : (2 * matched) / (countA + countB);
}

/** Cohen's kappa over paired nominal labels; null without pairs. */
export function cohenKappa(pairs: Array<[string, string]>): number | null {
  if (pairs.length === 0) return null;
  const n = pairs.length;
  const po = pairs.filter(([x, y]) => x === y).length / n;
  const countA = new Map<string, number>();
  const countB = new Map<string, number>();
  for (const [x, y] of pairs) {
    countA.set(x, (countA.get(x) ?? 0) + 1);
    countB.set(y, (countB.get(y) ?? 0) + 1);
  }
  let pe = 0;
  for (const [label, ca] of countA) pe += (ca / n) * ((countB.get(label) ?? 0) / n);
  return pe === 1 ? (po === 1 ? 1 : 0) : (po - pe) / (1 - pe);
}

/** Linearly weighted kappa over paired ordinal ranks 0..k-1. */
export function weightedKappa(pairs: Array<[number, number]>, k: number): number | null {
  if (pairs.length === 0) return null;
  const n = pairs.length;
  const weight = (i: number, j: number) => 1 - Math.abs(i - j) / (k - 1);
  const rowA = new Array<number>(k).fill(0);
  const rowB = new Array<number>(k).fill(0);
  let po = 0;
  for (const [i, j] of pairs) {
    po += weight(i, j) / n;
    rowA[i] = (rowA[i] as number) + 1 / n;
    rowB[j] = (rowB[j] as number) + 1 / n;
  }
  let pe = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) pe += weight(i, j) * (rowA[i] as number) * (rowB[j] as number);
  return pe === 1 ? (po === 1 ? 1 : 0) : (po - pe) / (1 - pe);
}

export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1)
      );
    }
    prev = row;
  }
  return prev[y.length] as number;
}

/** Character error rate between two independent transcriptions: distance over their mean length. */
export function characterErrorRate(a: string, b: string): number | null {
  const mean = ([...a].length + [...b].length) / 2;
  return mean === 0 ? null : editDistance(a, b) / mean;
}
