import { describe, expect, it } from 'vitest';
import {
  characterErrorRate,
  cohenKappa,
  editDistance,
  f1,
  iou,
  matchFindings,
  parseRegion,
  weightedKappa,
  type Finding
} from '../../src/lib/server/review/agreement-math.ts';

const rect = (x: number, y: number, w: number, h: number) =>
  parseRegion({ type: 'FragmentSelector', value: `xywh=pixel:${x},${y},${w},${h}` })!;

describe('agreement maths, checked by hand', () => {
  it('IoU of rectangles', () => {
    // 10×10 squares overlapping in a 5×10 strip: 50 / (100 + 100 − 50) = 1/3
    expect(iou(rect(0, 0, 10, 10), rect(5, 0, 10, 10))).toBeCloseTo(1 / 3, 10);
    expect(iou(rect(0, 0, 10, 10), rect(0, 0, 10, 10))).toBe(1);
    expect(iou(rect(0, 0, 10, 10), rect(20, 20, 5, 5))).toBe(0);
  });

  it('IoU of polygons, exact', () => {
    const polygon = (points: string) =>
      parseRegion({ type: 'SvgSelector', value: `<svg><polygon points="${points}"/></svg>` })!;
    // The triangle (0,0)(10,0)(0,10) covers half the 10×10 square: IoU 0.5
    const triangle = polygon('0,0 10,0 0,10');
    expect(iou(triangle, rect(0, 0, 10, 10))).toBeCloseTo(0.5, 10);
    // The two halves of that square share only their diagonal: IoU 0 (bounding boxes overlap fully)
    expect(iou(triangle, polygon('10,0 10,10 0,10'))).toBeCloseTo(0, 10);
    // A thin sliver (0.1 px wide) against its square: 1/100, below what a 200×200 grid resolves
    expect(iou(polygon('0,0 0.1,0 0.1,10 0,10'), rect(0, 0, 10, 10))).toBeCloseTo(0.01, 10);
    // Selectors the codec refuses give no region at all
    expect(
      parseRegion({ type: 'SvgSelector', value: '<svg><polygon points="-5,0 10,0 0,10"/></svg>' })
    ).toBeNull();
  });

  it('matches findings at IoU ≥ 0.5 and computes F1', () => {
    const a: Finding[] = [
      { id: 'a1', region: rect(0, 0, 10, 10) },
      { id: 'a2', region: rect(100, 100, 10, 10) },
      { id: 'a3', region: rect(300, 300, 10, 10) }
    ];
    const b: Finding[] = [
      { id: 'b1', region: rect(1, 1, 10, 10) }, // IoU 81/119 ≈ 0.68 with a1
      { id: 'b2', region: rect(105, 100, 10, 10) } // IoU 1/3 with a2: no match
    ];
    const { pairs, onlyA, onlyB } = matchFindings(a, b);
    expect(pairs.map((p) => [p.a.id, p.b.id])).toEqual([['a1', 'b1']]);
    expect(onlyA.map((f) => f.id)).toEqual(['a2', 'a3']);
    expect(onlyB.map((f) => f.id)).toEqual(['b2']);
    expect(f1(pairs.length, a.length, b.length)).toBeCloseTo(2 / 5, 10);
  });

  it("Cohen's kappa on a worked 2×2 example", () => {
    // 10 pairs: agree on 'abrasion' 4×, on 'contusion' 3×, disagree 3× (2 abr/cont, 1 cont/abr).
    // po = 0.7; A: abr 6, cont 4; B: abr 5, cont 5 → pe = 0.6·0.5 + 0.4·0.5 = 0.5; κ = 0.2 / 0.5 = 0.4
    const pairs: Array<[string, string]> = [
      ...Array(4).fill(['abrasion', 'abrasion']),
      ...Array(3).fill(['contusion', 'contusion']),
      ...Array(2).fill(['abrasion', 'contusion']),
      ['contusion', 'abrasion']
    ];
    expect(cohenKappa(pairs)).toBeCloseTo(0.4, 10);
    expect(cohenKappa([])).toBeNull();
    expect(cohenKappa([['scar', 'scar']])).toBe(1);
  });

  it('linearly weighted kappa on the five-level scale', () => {
    // Two pairs: (0,0) and (4,0). Weights: w(0,0)=1, w(4,0)=0 → po = 0.5.
    // A marginals: [0.5,0,0,0,0.5]; B: [1,0,0,0,0] → pe = 0.5·w(0,0) + 0.5·w(4,0) = 0.5 → κw = 0
    expect(
      weightedKappa(
        [
          [0, 0],
          [4, 0]
        ],
        5
      )
    ).toBeCloseTo(0, 10);
    // Perfect agreement with spread marginals → 1
    expect(
      weightedKappa(
        [
          [0, 0],
          [2, 2],
          [4, 4]
        ],
        5
      )
    ).toBeCloseTo(1, 10);
    // Off by one everywhere is partial credit: (0,1),(1,0): po = 0.75, pe = 0.875 ... κw = (0.75−0.875)/(1−0.875) = −1
    expect(
      weightedKappa(
        [
          [0, 1],
          [1, 0]
        ],
        5
      )
    ).toBeCloseTo(-1, 10);
  });

  it('edit distance and character error rate', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('محمد', 'محمود')).toBe(1);
    expect(characterErrorRate('abcd', 'abed')).toBeCloseTo(1 / 4, 10);
    expect(characterErrorRate('', '')).toBeNull();
  });
});
