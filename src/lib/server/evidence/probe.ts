/**
 * What an incoming file is, decided from its bytes (never its name). Only raster formats we can
 * tile are accepted; SVG and PDF are refused on purpose (they can reference external resources).
 * sharp's pixel limit refuses decompression bombs before any pixel is decoded.
 */
import sharp, { type Metadata } from 'sharp';

export const MAX_INPUT_PIXELS = 400_000_000; // 20,000 × 20,000

const FORMATS = { jpeg: 'image/jpeg', png: 'image/png', tiff: 'image/tiff', webp: 'image/webp' } as const;

export type Probe =
  { ok: true; mime: string; width: number; height: number; pages: number } | { ok: false; reason: string };

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
  const pageHeight = meta.pageHeight ?? meta.height;
  if (!meta.width || !pageHeight) return { ok: false, reason: 'image has no dimensions' };
  const pages = meta.format === 'tiff' ? (meta.pages ?? 1) : 1;
  // Orientations 5–8 turn the picture a quarter: the pyramid is cut upright, so swap.
  const quarterTurn = (meta.orientation ?? 1) >= 5;
  return {
    ok: true,
    mime,
    width: quarterTurn ? pageHeight : meta.width,
    height: quarterTurn ? meta.width : pageHeight,
    pages
  };
}
