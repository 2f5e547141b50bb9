/** Shapes' numbers and colours (components/annotation/shape-labels.ts). */
import { describe, expect, it } from 'vitest';
import {
  SHAPE_PALETTE,
  UNCLASSIFIED,
  inkOn,
  shapeLabels
} from '../../src/lib/components/annotation/shape-labels.ts';
import type { AnnotationRecord } from '../../src/lib/model/document-schema.ts';

const record = (id: string, createdBy: string, lesionType?: string): AnnotationRecord => ({
  id,
  target: {
    type: 'FragmentSelector',
    conformsTo: 'http://www.w3.org/TR/media-frags/',
    value: 'xywh=pixel:0,0,9,9'
  },
  finding: lesionType ? { lesionType } : {},
  createdBy,
  createdAt: 1,
  updatedBy: createdBy,
  updatedAt: 1
});

const layer = [
  record('a', 'u1', 'contusion'),
  record('b', 'u2', 'abrasion'),
  record('c', 'u1'),
  record('d', 'u3', 'contusion')
];

describe('shape labels', () => {
  it('numbers shapes in layer order and colours them by lesion type, unclassified grey', () => {
    const labels = shapeLabels(layer, 'lesion');
    expect([...labels.values()].map((l) => l.n)).toEqual([1, 2, 3, 4]);
    expect(labels.get('a')!.colour).toBe(labels.get('d')!.colour);
    expect(labels.get('a')!.colour).not.toBe(labels.get('b')!.colour);
    expect(labels.get('c')!.colour).toBe(UNCLASSIFIED);
  });

  it('colours by author in the order they first drew', () => {
    const labels = shapeLabels(layer, 'author');
    expect(labels.get('a')!.colour).toBe(SHAPE_PALETTE[0]);
    expect(labels.get('c')!.colour).toBe(SHAPE_PALETTE[0]);
    expect(labels.get('b')!.colour).toBe(SHAPE_PALETTE[1]);
    expect(labels.get('d')!.colour).toBe(SHAPE_PALETTE[2]);
  });

  it('writes the number in whichever of black or white reads better', () => {
    expect(inkOn('#f0e442')).toBe('#111111');
    expect(inkOn('#0072b2')).toBe('#ffffff');
    expect(new Set(SHAPE_PALETTE).size).toBe(SHAPE_PALETTE.length);
  });
});
