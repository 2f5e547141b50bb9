/**
 * Parsing of IIIF Image API 3.0 request paths for a level-0 service: only the pre-cut tiles exist,
 * so a request is reduced to the canonical key `x,y,w,h/sw,sh` of one tile. Malformed or absurd
 * values are refused (400) before anything is read.
 */
export type TileKey = string;
/** `keys`: the canonical key, then an alternative (see below) to try when the first is not a tile. */
export type ParsedImageRequest = { ok: true; keys: TileKey[] } | { ok: false; message: string };

/**
 * A number as a viewer writes it: no sign, no leading zero. Why no leading zero: `0256` would name the
 * same tile as `256`, and every spelling a request invents would be one more path to remember
 * (tiles.ts, `answered`): with leading zeros, thousands per tile.
 */
const NUMBER = '(?:0|[1-9]\\d{0,5})';
const INT = new RegExp(`^${NUMBER}$`);
const SIZE = new RegExp(`^(${NUMBER})?,(${NUMBER})?$`);

function int(text: string): number | null {
  return INT.test(text) ? Number(text) : null;
}

/** A refused value, as the error message quotes it: a URL's whole length would come back otherwise. */
function quoted(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

export function parseImageRequest(
  region: string,
  size: string,
  rotation: string,
  qualityFormat: string,
  width: number,
  height: number
): ParsedImageRequest {
  if (rotation !== '0') return { ok: false, message: 'only rotation 0 is available (level 0)' };
  if (qualityFormat !== 'default.jpg')
    return { ok: false, message: 'only default.jpg is available (level 0)' };

  let x = 0;
  let y = 0;
  let w = width;
  let h = height;
  if (region !== 'full') {
    const parts = region.split(',').map(int);
    if (parts.length !== 4 || parts.some((n) => n === null))
      return { ok: false, message: `bad region: ${quoted(region)}` };
    [x, y, w, h] = parts as number[] as [number, number, number, number];
    if (w === 0 || h === 0 || x >= width || y >= height || x + w > width || y + h > height) {
      return { ok: false, message: `region outside the image: ${quoted(region)}` };
    }
  }

  let sw: number;
  let sh: number;
  if (size === 'max') {
    sw = w;
    sh = h;
  } else {
    const match = SIZE.exec(size);
    if (!match || (!match[1] && !match[2])) return { ok: false, message: `bad size: ${quoted(size)}` };
    const askW = match[1] ? Number(match[1]) : null;
    const askH = match[2] ? Number(match[2]) : null;
    sw = askW ?? Math.round((w * (askH as number)) / h);
    sh = askH ?? Math.round((h * (askW as number)) / w);
    if (askW === null || askH === null) {
      // `w,` / `,h`: the spec leaves the rounding of the other side open; libvips cut the pyramid
      // rounding up, viewers may round to nearest. Both name the same tile.
      const cw = askW ?? Math.ceil((w * (askH as number)) / h);
      const ch = askH ?? Math.ceil((h * (askW as number)) / w);
      if ((cw !== sw || ch !== sh) && cw <= w && ch <= h && sw > 0 && sh > 0) {
        return { ok: true, keys: [`${x},${y},${w},${h}/${sw},${sh}`, `${x},${y},${w},${h}/${cw},${ch}`] };
      }
    }
    if (sw === 0 || sh === 0 || sw > w || sh > h) return { ok: false, message: `bad size: ${quoted(size)}` };
  }
  return { ok: true, keys: [`${x},${y},${w},${h}/${sw},${sh}`] };
}

/** The key of a zip entry name written by libvips (`p/<region>/<size>/0/default.jpg`). */
export function keyOfEntry(name: string, width: number, height: number): TileKey | null {
  const match = /^[^/]+\/(full|\d+,\d+,\d+,\d+)\/(\d+,\d+)\/0\/default\.jpg$/.exec(name);
  if (!match) return null;
  const region = match[1] === 'full' ? `0,0,${width},${height}` : match[1];
  return `${region}/${match[2]}`;
}
