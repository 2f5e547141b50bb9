import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TILE_SIZE } from '../../src/lib/server/evidence/derivatives.ts';
import { expectedTiles, watchTiles } from '../../src/lib/server/evidence/tile-progress.ts';
import { readZipIndex } from '../../src/lib/server/evidence/zip.ts';
import { flatJpeg, noiseJpeg } from '../helpers/images.ts';

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

  it('counts every tile of a container read in several chunks', async () => {
    // Noise makes tiles of tens of KiB: the container outgrows the watcher's 4 MiB reads, so tile
    // headers fall in later chunks and across their edges.
    const source = path.join(dir, 'noise.jpg');
    const zip = path.join(dir, 'noise.zip');
    fs.writeFileSync(source, await noiseJpeg(4000, 3000, 7));
    await sharp(source)
      .jpeg({ quality: 85 })
      .tile({ size: TILE_SIZE, layout: 'iiif3', container: 'zip', basename: 'p', id: 'iiif' })
      .toFile(zip);
    expect(fs.statSync(zip).size).toBeGreaterThan(2 * 4 * 1024 * 1024);
    const handle = await fs.promises.open(zip, 'r');
    // The watcher counts every entry under the basename (the tiles, the full-size one, info.json).
    const entries = [...(await readZipIndex(handle)).keys()].filter((n) => n.startsWith('p/')).length;
    await handle.close();

    // Told to expect twice the entries there are, the watcher reports exactly one half once it has
    // counted them all (below the 0.99 it never passes).
    const reported: number[] = [];
    const watch = watchTiles(zip, 2 * entries, (f) => reported.push(f), 5);
    await vi.waitFor(() => expect(reported.at(-1)).toBe(0.5));
    await watch.stop();
  });
});
