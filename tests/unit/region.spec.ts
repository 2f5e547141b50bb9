/** Reveal by region and the opening frame: their geometry (components/viewer/region.ts). */
import { describe, expect, it } from 'vitest';
import { findingsFrame } from '../../src/lib/components/annotation/opening-frame.ts';
import {
  bandsAround,
  boundingRect,
  frameAround,
  middleOf,
  rectBetween,
  type Rect
} from '../../src/lib/components/viewer/region.ts';
import type { AnnotationRecord } from '../../src/lib/model/document-schema.ts';

const IMAGE = { width: 2000, height: 1000 };
const area = (r: Rect) => r.w * r.h;

describe('the region a reviewer picks', () => {
  it('is the rectangle between two corners, in either order, inside the image', () => {
    expect(rectBetween({ x: 300, y: 400 }, { x: 100, y: 200 }, IMAGE)).toEqual({
      x: 100,
      y: 200,
      w: 200,
      h: 200
    });
    expect(rectBetween({ x: -50, y: 900 }, { x: 100, y: 1200 }, IMAGE)).toEqual({
      x: 0,
      y: 900,
      w: 100,
      h: 100
    });
  });

  it('is nothing when the drag lies outside the image', () => {
    expect(rectBetween({ x: -50, y: -50 }, { x: -10, y: 20 }, IMAGE)).toBeNull();
  });

  it('is the middle half of the view on the keyboard', () => {
    expect(middleOf({ x: 0, y: 0, w: 800, h: 400 }, IMAGE)).toEqual({ x: 200, y: 100, w: 400, h: 200 });
    // A view larger than the image (zoomed out): the middle, cut to the image.
    expect(middleOf({ x: -1000, y: -500, w: 4000, h: 2000 }, IMAGE)).toEqual({
      x: 0,
      y: 0,
      w: 2000,
      h: 1000
    });
  });

  it('is bounded on screen by its corners, however the image is turned', () => {
    expect(
      boundingRect([
        { x: 10, y: 50 },
        { x: 40, y: 5 },
        { x: 25, y: 80 }
      ])
    ).toEqual({ x: 10, y: 5, w: 30, h: 75 });
  });
});

describe('the bands that keep the rest protected', () => {
  const box = { width: 800, height: 600 };

  it('cover the container around the region without overlapping it', () => {
    const hole = { x: 100, y: 150, w: 200, h: 100 };
    const bands = bandsAround(hole, box);
    expect(bands).toHaveLength(4);
    expect(bands.reduce((sum, b) => sum + area(b), 0) + area(hole)).toBe(800 * 600);
    for (const b of bands) {
      const apart =
        b.x + b.w <= hole.x || hole.x + hole.w <= b.x || b.y + b.h <= hole.y || hole.y + hole.h <= b.y;
      expect(apart).toBe(true);
    }
  });

  it('cover everything when the region is out of sight', () => {
    expect(bandsAround({ x: 900, y: 10, w: 50, h: 50 }, box)).toEqual([{ x: 0, y: 0, w: 800, h: 600 }]);
  });

  it('leave out the sides the region touches', () => {
    const bands = bandsAround({ x: -20, y: 0, w: 420, h: 600 }, box);
    expect(bands).toEqual([{ x: 400, y: 0, w: 400, h: 600 }]);
  });
});

describe('the opening frame', () => {
  it('holds every box with a margin, inside the image', () => {
    const frame = frameAround(
      [
        { minX: 400, minY: 300, maxX: 600, maxY: 400 },
        { minX: 700, minY: 350, maxX: 800, maxY: 500 }
      ],
      IMAGE
    )!;
    // Union 400…800 × 300…500, a quarter of it on each side.
    expect(frame).toEqual({ x: 300, y: 250, w: 600, h: 300 });
  });

  it('is never smaller than a share of the image (a point alone is no view)', () => {
    const frame = frameAround([{ minX: 995, minY: 495, maxX: 1005, maxY: 505 }], IMAGE)!;
    expect(frame).toEqual({ x: 925, y: 425, w: 150, h: 150 });
  });

  it('is cut to the image near an edge, and absent without findings', () => {
    expect(frameAround([{ minX: 0, minY: 0, maxX: 400, maxY: 200 }], IMAGE)).toEqual({
      x: 0,
      y: 0,
      w: 500,
      h: 250
    });
    expect(frameAround([], IMAGE)).toBeNull();
  });

  it('reads the findings’ selectors and ignores one it refuses', () => {
    const record = (value: string): AnnotationRecord => ({
      id: value,
      target: { type: 'FragmentSelector', conformsTo: 'http://www.w3.org/TR/media-frags/', value },
      finding: {},
      createdBy: 'u',
      createdAt: 1,
      updatedBy: 'u',
      updatedAt: 1
    });
    expect(
      findingsFrame([record('xywh=pixel:800,400,400,200'), record('xywh=pixel:-5,0,1,1')], IMAGE)
    ).toEqual({
      x: 700,
      y: 350,
      w: 600,
      h: 300
    });
    expect(findingsFrame([], IMAGE)).toBeNull();
  });
});
