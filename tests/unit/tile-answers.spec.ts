/**
 * The paths a container remembers (evidence/tiles.ts, `rememberAnswer`): every spelling of every
 * tile, and no more, however many paths clients invent.
 */
import fsp from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { rememberAnswer, type Container } from '../../src/lib/server/evidence/tiles.ts';
import type { ZipEntry } from '../../src/lib/server/evidence/zip.ts';

const entry = (offset: number): ZipEntry => ({ offset, size: 100 });

describe('the paths a container remembers', () => {
  it('keeps every spelling of its tiles, and stops growing past them', async () => {
    const file = await fsp.open('package.json', 'r');
    try {
      const tiles = new Map([
        ['0,0,256,256/256,256', entry(0)],
        ['256,0,256,256/256,256', entry(100)]
      ]);
      const container: Container = {
        file,
        tiles,
        answered: new Map(),
        info: { scaleFactors: [1], tileWidth: 256, sizes: [] }
      };
      // 2 tiles × 8 spellings + the thumbnail: all remembered.
      for (let i = 0; i < 17; i++) rememberAnswer(container, `spelling-${i}`, entry(0));
      expect(container.answered.size).toBe(17);
      for (let i = 17; i < 10_000; i++) rememberAnswer(container, `invented-${i}`, entry(0));
      expect(container.answered.size).toBe(17);
      expect(container.answered.get('spelling-0')).toEqual(entry(0));
    } finally {
      await file.close();
    }
  });
});
