import fsp from 'node:fs/promises';
import sharp from 'sharp';
import { MAX_INPUT_PIXELS } from './probe.ts';
import { settle, tempPath, tilesPath, type Store } from './store.ts';
import { expectedTiles, watchTiles } from './tile-progress.ts';

export const TILE_SIZE = 256;

/** Who wants to hear how far the cutting is: the page's upright size, and a fraction 0–1 now and then. */
export type PyramidProgress = { width: number; height: number; report: (fraction: number) => void };

/**
 * Cuts the IIIF Image API 3.0 level-0 pyramid of one page (256 px JPEG tiles, info.json; the
 * single-tile top level doubles as the thumbnail) into one zip container. A container that exists
 * is complete (temp + rename), so a resumed ingest skips it.
 */
export async function makePyramid(
  store: Store,
  source: string,
  sha256: string,
  page: number,
  progress?: PyramidProgress
): Promise<void> {
  const final = tilesPath(store, sha256, page);
  if (await fsp.stat(final).catch(() => null)) return;
  const temp = await tempPath(store, '.zip');
  const watch =
    progress && watchTiles(temp, expectedTiles(progress.width, progress.height, TILE_SIZE), progress.report);
  try {
    await sharp(source, { page, limitInputPixels: MAX_INPUT_PIXELS, failOn: 'truncated' })
      .rotate() // honour EXIF orientation: the working copy shows what the camera saw
      .jpeg({ quality: 85, mozjpeg: false })
      .tile({ size: TILE_SIZE, layout: 'iiif3', container: 'zip', basename: 'p', id: 'iiif' })
      .toFile(temp);
    await settle(temp, final, 0o444);
  } catch (err) {
    await fsp.rm(temp, { force: true });
    throw err;
  } finally {
    await watch?.stop();
  }
}
