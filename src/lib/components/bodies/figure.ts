/**
 * The shapes of the front and back body figures (SVG, a 200 × 430 box per figure), each tied to a
 * chart cell. The front view shows the body's right on the viewer's left, the back view its left:
 * the limbs of the two views are the same cells, mirrored.
 */
import type { BodyRegion, ChartSide } from '$lib/model/body-chart';

export type Shape =
  | { kind: 'rect'; x: number; y: number; w: number; h: number; rx?: number }
  | { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number };
export type FigurePart = { region: BodyRegion; side: ChartSide | null; shape: Shape };
export type View = 'front' | 'back';

const rect = (x: number, y: number, w: number, h: number, rx = 6): Shape => ({
  kind: 'rect',
  x,
  y,
  w,
  h,
  rx
});
const ellipse = (cx: number, cy: number, rx: number, ry: number): Shape => ({
  kind: 'ellipse',
  cx,
  cy,
  rx,
  ry
});

/** A limb shape on the viewer's left; its mirror is on the right. */
const LIMBS: Array<[BodyRegion, Shape]> = [
  ['upper_arm', rect(34, 94, 24, 70)],
  ['forearm', rect(28, 166, 22, 62)],
  ['wrist', rect(26, 230, 20, 12, 3)],
  ['hand', ellipse(36, 258, 12, 15)],
  ['thigh', rect(66, 246, 32, 84)],
  ['lower_leg', rect(69, 334, 26, 64)],
  ['ankle', rect(71, 400, 22, 10, 3)],
  ['foot', rect(64, 412, 32, 14, 5)]
];

function mirror(shape: Shape): Shape {
  return shape.kind === 'rect' ? { ...shape, x: 200 - shape.x - shape.w } : { ...shape, cx: 200 - shape.cx };
}

function limbs(viewerLeft: ChartSide): FigurePart[] {
  const other: ChartSide = viewerLeft === 'left' ? 'right' : 'left';
  return LIMBS.flatMap(([region, shape]) => [
    { region, side: viewerLeft, shape },
    { region, side: other, shape: mirror(shape) }
  ]);
}

const part = (region: BodyRegion, shape: Shape): FigurePart => ({ region, side: null, shape });

export const FIGURES: Record<View, FigurePart[]> = {
  front: [
    part('head', ellipse(100, 30, 27, 22)),
    part('face', ellipse(100, 50, 22, 22)),
    part('neck', rect(88, 73, 24, 17, 3)),
    part('chest', rect(62, 90, 76, 70)),
    part('abdomen', rect(64, 162, 72, 60)),
    part('genitals', rect(84, 224, 32, 20)),
    ...limbs('right')
  ],
  back: [
    part('head', ellipse(100, 42, 27, 32)),
    part('neck', rect(88, 73, 24, 17, 3)),
    part('back', rect(62, 90, 76, 132)),
    part('buttocks', rect(64, 224, 72, 20)),
    ...limbs('left')
  ]
};

/** Where a shape's count is written. */
export function centre(shape: Shape): { x: number; y: number } {
  return shape.kind === 'rect'
    ? { x: shape.x + shape.w / 2, y: shape.y + shape.h / 2 }
    : { x: shape.cx, y: shape.cy };
}
