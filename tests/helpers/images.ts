/**
 * Image fixtures, all drawn with sharp at test time: flat colours, seeded noise, shapes and printed
 * text pages, never a real photograph. Every maker returns the file's bytes; `writeFiles` puts them
 * in a fresh temporary directory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp, { type Exif } from 'sharp';

export type Rgb = { r: number; g: number; b: number };

/** A fresh temporary directory, removed by `removeDir`. */
export function tempDir(prefix = 'athar-fx-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  // A chmod 000 fixture must not stop the clean-up.
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes `name → bytes` into `dir` (creating sub-directories) and returns the absolute paths. */
export function writeFiles(dir: string, files: Record<string, Buffer | string>): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [name, data] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
    paths[name] = file;
  }
  return paths;
}

/** A distinct, saturated colour for each index (so each fixture has its own SHA-256). */
export function colourOf(index: number): Rgb {
  const hue = (index * 47) % 360;
  const shade = 60 + ((index * 29) % 140);
  const c = (offset: number) => {
    const k = (offset + hue / 60) % 6;
    return Math.round(shade * (1 - Math.max(0, Math.min(k, 4 - k, 1))) + 30);
  };
  return { r: c(5), g: c(3), b: c(1) };
}

/** A flat-colour JPEG; `exif` is written as given (IFD0 camera, IFD2 Exif, IFD3 GPS). */
export function flatJpeg(width: number, height: number, colour: Rgb, exif?: Exif): Promise<Buffer> {
  let image = sharp({ create: { width, height, channels: 3, background: colour } });
  if (exif) image = image.withExif(exif);
  return image.jpeg({ quality: 90 }).toBuffer();
}

/**
 * A JPEG of seeded noise: slow to encode and to tile, like a real photograph, and unique per
 * seed (the same seed always gives the same bytes).
 */
export function noiseJpeg(width: number, height: number, seed: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  let state = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < pixels.length; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    pixels[i] = state & 0xff;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** The first half of a real JPEG: the header reads fine, the pixels end early. */
export async function truncatedJpeg(): Promise<Buffer> {
  const whole = await noiseJpeg(600, 400, 9001);
  return whole.subarray(0, Math.floor(whole.length / 2));
}

/**
 * A decompression bomb: a valid 10×10 PNG whose IHDR claims 60000×60000 (3.6 gigapixels). Only the
 * width and height (bytes 16–23) change; the IHDR checksum is left stale on purpose.
 */
export async function decompressionBomb(): Promise<Buffer> {
  const png = await sharp({ create: { width: 10, height: 10, channels: 3, background: '#00ff00' } })
    .png()
    .toBuffer();
  png.writeUInt32BE(60000, 16);
  png.writeUInt32BE(60000, 20);
  return png;
}

export function gif(): Promise<Buffer> {
  return sharp({ create: { width: 32, height: 32, channels: 3, background: '#3050f0' } })
    .gif()
    .toBuffer();
}

/** An SVG that would fetch an outside resource if it were rendered. */
export function svg(): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="640" height="480">' +
    '<rect width="640" height="480" fill="#c02020"/>' +
    '<image xlink:href="http://127.0.0.1:9/beacon.png" width="10" height="10"/></svg>'
  );
}

/** A multi-page TIFF, one flat colour per page, pages in the given order. */
export async function multiPageTiff(width: number, height: number, colours: Rgb[]): Promise<Buffer> {
  const pages = await Promise.all(
    colours.map((background) =>
      sharp({ create: { width, height, channels: 3, background } })
        .png()
        .toBuffer()
    )
  );
  return tiffOf(pages);
}

/** A multi-page TIFF of PNG pages, in order. */
export function tiffOf(pages: Buffer[]): Promise<Buffer> {
  return sharp(pages, { join: { animated: true } })
    .tiff()
    .toBuffer();
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A white page with black printed lines (PNG), right-aligned when `rtl`. Pango shapes Arabic
 * properly; DejaVu, which Debian ships, has Arabic glyphs.
 */
export async function textPage(
  lines: string[],
  options: { rtl?: boolean; font?: string } = {}
): Promise<Buffer> {
  const text = await sharp({
    text: {
      text: `<span foreground="black">${lines.map(escapeXml).join('\n')}</span>`,
      font: options.font ?? 'DejaVu Sans 16',
      dpi: 300,
      rgba: true,
      align: options.rtl ? 'right' : 'left',
      spacing: 40
    }
  })
    .png()
    .toBuffer();
  const { width = 0, height = 0 } = await sharp(text).metadata();
  return sharp({ create: { width: width + 240, height: height + 240, channels: 3, background: '#ffffff' } })
    .composite([{ input: text, top: 120, left: 120 }])
    .png()
    .toBuffer();
}

/**
 * A body-like photograph for the viewer: a skin-toned ellipse on a grey ground, a dark circle and a
 * red bar (the shapes a reviewer draws around), as a JPEG. `variant` changes the ellipse a little so
 * that each variant has its own SHA-256.
 */
export function shapesJpeg(width: number, height: number, variant = 0): Promise<Buffer> {
  const [cx, cy] = [width / 2, height / 2];
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="#8a7f74"/>` +
    `<ellipse cx="${cx}" cy="${cy}" rx="${Math.round(width * 0.29) - variant * 60}" ry="${Math.round(height * 0.32)}" fill="#b59c86"/>` +
    `<circle cx="${cx * 0.75}" cy="${cy * 0.8}" r="${Math.round(width * 0.04)}" fill="#6d5a8c"/>` +
    `<rect x="${cx * 1.2}" y="${cy * 1.15}" width="${Math.round(width * 0.11)}" height="${Math.round(height * 0.03)}" fill="#7a3b3b"/>` +
    `</svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

/** The dominant colour of an encoded image, as sharp's histogram sees it. */
export async function dominantColour(image: Buffer): Promise<Rgb> {
  return (await sharp(image).stats()).dominant;
}

/** Which of the candidates a colour is nearest to (Euclidean in RGB). */
export function nearest(colour: Rgb, candidates: Record<string, Rgb>): string {
  let best = '';
  let bestDistance = Infinity;
  for (const [name, c] of Object.entries(candidates)) {
    const d = (c.r - colour.r) ** 2 + (c.g - colour.g) ** 2 + (c.b - colour.b) ** 2;
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

/**
 * A yellow and blue checkerboard (`square` pixels a side), as a JPEG: sharp edges and strong colour
 * everywhere, so a screenshot tells at once whether a part of it is blurred or greyscale.
 */
export function checkerJpeg(width: number, height: number, square: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const yellow = (Math.floor(x / square) + Math.floor(y / square)) % 2 === 0;
      pixels.set(yellow ? [240, 220, 40] : [30, 40, 200], (y * width + x) * 3);
    }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 90 })
    .toBuffer();
}
