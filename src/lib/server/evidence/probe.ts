/**
 * What an incoming file is, decided from its bytes (never its name). Only raster formats we can
 * tile are accepted; SVG and PDF are refused on purpose (they can reference external resources).
 * sharp's pixel limit refuses decompression bombs before any pixel is decoded.
 */
import fsp from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';

export const MAX_INPUT_PIXELS = 400_000_000; // 20,000 × 20,000

const FORMATS = { jpeg: 'image/jpeg', png: 'image/png', tiff: 'image/tiff', webp: 'image/webp' } as const;

export const MAX_PAGES = 2000;

export type PageSize = { width: number; height: number };
export type Probe = { ok: true; mime: string; pages: PageSize[] } | { ok: false; reason: string };

/** A page's upright size: orientations 5–8 turn the picture a quarter, and the pyramid is cut upright. */
function upright(meta: Metadata): PageSize | null {
  const height = meta.pageHeight ?? meta.height;
  if (!meta.width || !height) return null;
  return (meta.orientation ?? 1) >= 5 ? { width: height, height: meta.width } : { width: meta.width, height };
}

export async function probeImage(file: string): Promise<Probe> {
  let meta: Metadata;
  try {
    meta = await sharp(file, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch (err) {
    const message = (err as Error).message;
    if (/pixel limit/i.test(message)) {
      return {
        ok: false,
        reason: `image too large: more than ${MAX_INPUT_PIXELS.toLocaleString('en')} pixels (decompression bomb?)`
      };
    }
    if (/unsupported image format/i.test(message))
      return { ok: false, reason: 'not an image in a supported format' };
    return { ok: false, reason: `unreadable image: ${message}` };
  }
  const mime = FORMATS[meta.format as keyof typeof FORMATS];
  if (!mime)
    return { ok: false, reason: `unsupported format: ${meta.format} (accepted: JPEG, PNG, TIFF, WebP)` };
  const first = upright(meta);
  if (!first) return { ok: false, reason: 'image has no dimensions' };
  const count = meta.format === 'tiff' ? (meta.pages ?? 1) : 1;
  if (count > MAX_PAGES) return { ok: false, reason: `too many pages: ${count} (at most ${MAX_PAGES})` };
  // The pages of a TIFF may differ in size: each is measured (and held to the pixel limit) alone.
  const pages: PageSize[] = [first];
  for (let page = 1; page < count; page++) {
    try {
      const size = upright(await sharp(file, { page, limitInputPixels: MAX_INPUT_PIXELS }).metadata());
      if (!size) return { ok: false, reason: `page ${page + 1} has no dimensions` };
      pages.push(size);
    } catch (err) {
      return { ok: false, reason: `unreadable page ${page + 1}: ${(err as Error).message}` };
    }
  }
  return { ok: true, mime, pages };
}

/** The bytes a complete file of the format ends with (JPEG's end-of-image marker, PNG's IEND chunk). */
const TRAILERS: Partial<Record<string, Buffer>> = {
  'image/jpeg': Buffer.from([0xff, 0xd9]),
  'image/png': Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82])
};

/**
 * Why a probed image could not be cut into tiles, worded the same on every run. Why not libvips's
 * text alone: its error buffer is shared by all threads, so under concurrent ingest another
 * operation can clear it and sharp reports "Unknown error". A missing trailer is checked from the
 * file's own bytes instead.
 */
export async function decodeFailure(file: string, mime: string, message: string): Promise<string> {
  const trailer = TRAILERS[mime];
  if (trailer && !(await endsWith(file, trailer))) {
    return 'cannot decode image: premature end of file (the file is truncated)';
  }
  const known = message && !/^unknown error$/i.test(message.trim());
  return `cannot decode image: ${known ? message : 'the image data is damaged'}`;
}

async function endsWith(file: string, trailer: Buffer): Promise<boolean> {
  const handle = await fsp.open(file, 'r');
  try {
    const { size } = await handle.stat();
    if (size < trailer.length) return false;
    const tail = Buffer.alloc(trailer.length);
    await handle.read(tail, 0, trailer.length, size - trailer.length);
    return tail.equals(trailer);
  } finally {
    await handle.close();
  }
}
