import { describe, expect, it } from 'vitest';
import {
  fileNumber,
  identifierGroups,
  photoRuns,
  RUN_GAP_MS
} from '../../src/lib/server/bodies/suggest-runs.ts';

const at = (s: number) => Date.UTC(2013, 7, 21, 6) + s * 1000;

describe('photo runs', () => {
  it('splits a folder where the capture time jumps', () => {
    const photos = [0, 20, 40, 300, 320].map((s, i) => ({
      id: `p${i}`,
      folder: '/a',
      name: `IMG_${i + 1}.jpg`,
      takenAt: at(s)
    }));
    expect(photoRuns(photos).map((c) => c.itemIds)).toEqual([
      ['p0', 'p1', 'p2'],
      ['p3', 'p4']
    ]);
  });

  it('splits where the numbering jumps, keeps folders apart and drops single photos', () => {
    const photos = [
      { id: 'a1', folder: '/a', name: 'IMG_0001.jpg', takenAt: at(0) },
      { id: 'a2', folder: '/a', name: 'IMG_0002.jpg', takenAt: at(10) },
      { id: 'a9', folder: '/a', name: 'IMG_0009.jpg', takenAt: at(20) },
      { id: 'b1', folder: '/b', name: 'IMG_0003.jpg', takenAt: at(15) }
    ];
    expect(photoRuns(photos).map((c) => c.itemIds)).toEqual([['a1', 'a2']]);
  });

  it('joins photos without capture time only by unbroken numbering', () => {
    const photos = ['7', '8', '9', 'x'].map((n) => ({
      id: n,
      folder: '/a',
      name: `scan ${n}.jpg`,
      takenAt: null
    }));
    expect(photoRuns(photos)).toEqual([{ itemIds: ['7', '8', '9'], reasons: ['file_order'] }]);
    expect(RUN_GAP_MS).toBeGreaterThan(0);
  });

  it('reads the number a file name ends with', () => {
    expect(fileNumber('IMG_0042.jpg')).toBe(42);
    expect(fileNumber('body 3 - 12.JPG')).toBe(12);
    expect(fileNumber('face.jpg')).toBeNull();
  });
});

describe('identifier groups', () => {
  it('links bodies sharing a value of one kind, transitively', () => {
    const groups = identifierGroups([
      { bodyId: 'b1', kind: 'detainee', normalized: '215' },
      { bodyId: 'b2', kind: 'detainee', normalized: '215' },
      { bodyId: 'b2', kind: 'hospital', normalized: '9' },
      { bodyId: 'b3', kind: 'hospital', normalized: '9' },
      { bodyId: 'b4', kind: 'branch', normalized: '215' }
    ]);
    expect(groups).toEqual([['b1', 'b2', 'b3']]);
  });
});
