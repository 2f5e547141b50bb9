/**
 * Agreement statistics between two independent reviews (pure functions, checked on hand-worked
 * cases in tests/unit/agreement.spec.ts):
 * - regions match when their IoU ≥ 0.5 (greedy, highest IoU first); F1 = 2·matched / (nA + nB);
 * - Cohen's kappa on the lesion type of matched regions;
 * - linearly weighted kappa on the five-level consistency scale (weights 1 − |i − j| / 4);
 * - character error rate between two transcriptions: edit distance / mean length.
 */
export type Box = { minX: number; minY: number; maxX: number; maxY: number };
export type Region =
  { kind: 'rect'; box: Box } | { kind: 'polygon'; points: Array<[number, number]>; box: Box };

export function parseRegion(selector: { type: string; value: string }): Region | null {
  if (selector.type === 'FragmentSelector') {
    const m = /xywh=(?:pixel:)?([\d.]+),([\d.]+),([\d.]+),([\d.]+)/.exec(selector.value);
    if (!m) return null;
    const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
    return { kind: 'rect', box: { minX: x, minY: y, maxX: x + w, maxY: y + h } };
  }
  const m = /points="([^"]+)"/.exec(selector.value);
  if (!m) return null;
  const points = (m[1] as string)
    .trim()
    .split(/\s+/)
    .map((p) => p.split(',').map(Number) as [number, number]);
  if (points.length < 3) return null;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return {
    kind: 'polygon',
    points,
    box: { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) }
  };
}

function inside(region: Region, x: number, y: number): boolean {
  const b = region.box;
  if (x < b.minX || x > b.maxX || y < b.minY || y > b.maxY) return false;
  if (region.kind === 'rect') return true;
  let hit = false;
  const pts = region.points;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i] as [number, number];
    const [xj, yj] = pts[j] as [number, number];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** Exact for two rectangles; sampled on a 200 × 200 grid when a polygon is involved. */
export function iou(a: Region, b: Region): number {
  const ix = Math.max(0, Math.min(a.box.maxX, b.box.maxX) - Math.max(a.box.minX, b.box.minX));
  const iy = Math.max(0, Math.min(a.box.maxY, b.box.maxY) - Math.max(a.box.minY, b.box.minY));
  if (ix === 0 || iy === 0) return 0;
  if (a.kind === 'rect' && b.kind === 'rect') {
    const area = (r: Box) => (r.maxX - r.minX) * (r.maxY - r.minY);
    const inter = ix * iy;
    return inter / (area(a.box) + area(b.box) - inter);
  }
  const minX = Math.min(a.box.minX, b.box.minX);
  const minY = Math.min(a.box.minY, b.box.minY);
  const w = Math.max(a.box.maxX, b.box.maxX) - minX;
  const h = Math.max(a.box.maxY, b.box.maxY) - minY;
  const n = 200;
  let both = 0;
  let either = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const x = minX + ((i + 0.5) * w) / n;
      const y = minY + ((j + 0.5) * h) / n;
      const inA = inside(a, x, y);
      const inB = inside(b, x, y);
      if (inA && inB) both++;
      if (inA || inB) either++;
    }
  }
  return either === 0 ? 0 : both / either;
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
