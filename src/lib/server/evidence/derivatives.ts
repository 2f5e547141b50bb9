import fsp from 'node:fs/promises';
import sharp from 'sharp';
import { MAX_INPUT_PIXELS } from './probe.ts';
import { settle, tempPath, tilesPath, type Store } from './store.ts';

export const TILE_SIZE = 256;

/**
 * Cuts the IIIF Image API 3.0 level-0 pyramid of one page (256 px JPEG tiles, info.json; the
 * single-tile top level doubles as the thumbnail) into one zip container. A container that exists
 * is complete (temp + rename), so a resumed ingest skips it.
 */
export async function makePyramid(store: Store, source: string, sha256: string, page: number): Promise<void> {
  const final = tilesPath(store, sha256, page);
  if (await fsp.stat(final).catch(() => null)) return;
  const temp = await tempPath(store, '.zip');
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
  }
}
