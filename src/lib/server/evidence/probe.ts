/**
 * What an incoming file is, decided from its bytes (never its name). Only raster formats we can
 * tile are accepted; SVG and PDF are refused on purpose (they can reference external resources).
 * sharp's pixel limit refuses decompression bombs before any pixel is decoded.
 */
import fsp from 'node:fs/promises';
import sharp, { type Metadata } from 'sharp';
import { plain, type IngestReason } from './reasons.ts';

export const MAX_INPUT_PIXELS = 400_000_000; // 20,000 × 20,000

const FORMATS = { jpeg: 'image/jpeg', png: 'image/png', tiff: 'image/tiff', webp: 'image/webp' } as const;

export const MAX_PAGES = 2000;

export type PageSize = { width: number; height: number };
export type Probe = { ok: true; mime: string; pages: PageSize[] } | { ok: false; reason: IngestReason };

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
      return { ok: false, reason: { code: 'too_many_pixels', params: { limit: MAX_INPUT_PIXELS } } };
    }
    if (/unsupported image format/i.test(message)) return { ok: false, reason: plain('not_an_image') };
    return { ok: false, reason: { code: 'unreadable_image', params: { detail: message } } };
  }
  const mime = FORMATS[meta.format as keyof typeof FORMATS];
  if (!mime)
    return { ok: false, reason: { code: 'unsupported_format', params: { format: String(meta.format) } } };
  const first = upright(meta);
  if (!first) return { ok: false, reason: plain('no_dimensions') };
  const count = meta.format === 'tiff' ? (meta.pages ?? 1) : 1;
  if (count > MAX_PAGES)
    return { ok: false, reason: { code: 'too_many_pages', params: { count, limit: MAX_PAGES } } };
  // The pages of a TIFF may differ in size: each is measured (and held to the pixel limit) alone.
  const pages: PageSize[] = [first];
  for (let page = 1; page < count; page++) {
    try {
      const size = upright(await sharp(file, { page, limitInputPixels: MAX_INPUT_PIXELS }).metadata());
      if (!size) return { ok: false, reason: { code: 'page_no_dimensions', params: { page: page + 1 } } };
      pages.push(size);
    } catch (err) {
      return {
        ok: false,
        reason: { code: 'unreadable_page', params: { page: page + 1, detail: (err as Error).message } }
      };
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
export async function decodeFailure(file: string, mime: string, message: string): Promise<IngestReason> {
  const trailer = TRAILERS[mime];
  if (trailer && !(await endsWith(file, trailer))) return plain('truncated');
  const known = message && !/^unknown error$/i.test(message.trim());
  return { code: 'damaged', params: { detail: known ? message : null } };
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
