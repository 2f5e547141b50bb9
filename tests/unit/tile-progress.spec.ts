import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TILE_SIZE } from '../../src/lib/server/evidence/derivatives.ts';
import { expectedTiles, watchTiles } from '../../src/lib/server/evidence/tile-progress.ts';
import { readZipIndex } from '../../src/lib/server/evidence/zip.ts';
import { flatJpeg } from '../helpers/images.ts';

describe('tiling progress, read from the growing container', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'athar-tile-progress-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('counts every level of the pyramid down to one tile', () => {
    expect(expectedTiles(256, 256, 256)).toBe(1);
    expect(expectedTiles(257, 100, 256)).toBe(2 + 1);
    expect(expectedTiles(1000, 600, 256)).toBe(4 * 3 + 2 * 2 + 1);
  });

  it('expects as many tiles as libvips writes, and reports a rising fraction below 1', async () => {
    const [width, height] = [4000, 3000];
    const source = path.join(dir, 'source.jpg');
    const zip = path.join(dir, 'tiles.zip');
    fs.writeFileSync(source, await flatJpeg(width, height, { r: 40, g: 90, b: 140 }));
    const reported: number[] = [];
    const watch = watchTiles(zip, expectedTiles(width, height, TILE_SIZE), (f) => reported.push(f), 5);
    await sharp(source)
      .jpeg({ quality: 85 })
      .tile({ size: TILE_SIZE, layout: 'iiif3', container: 'zip', basename: 'p', id: 'iiif' })
      .toFile(zip);
    // One more look at the finished container, then stop.
    const seen = reported.length;
    await vi.waitFor(() => expect(reported.length).toBeGreaterThan(seen));
    await watch.stop();

    expect(reported).toEqual([...reported].sort((a, b) => a - b));
    expect(reported.every((f) => f >= 0 && f < 1)).toBe(true);
    expect(reported.at(-1)).toBe(0.99);
    const handle = await fs.promises.open(zip, 'r');
    const names = [...(await readZipIndex(handle)).keys()];
    await handle.close();
    const tiles = names.filter((n) => /^p\/\d+,\d+,\d+,\d+\//.test(n)).length;
    expect(Math.abs(tiles - expectedTiles(width, height, TILE_SIZE))).toBeLessThanOrEqual(1);
  });
});
