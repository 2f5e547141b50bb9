/**
 * The CSS filter on the image. Two independent parts: the protection (blur, greyscale) that safer
 * viewing applies until the image is revealed, and the examination aids the reviewer sets.
 */

export type Protection = { blur: boolean; greyscale: boolean };
export type Aids = { brightness: number; contrast: number; greyscale: boolean; invert: boolean };

export const DEFAULT_AIDS: Aids = { brightness: 100, contrast: 100, greyscale: false, invert: false };

/** Screen pixels: strong enough that a body is not recognisable at any zoom. */
export const VIEWER_BLUR_PX = 28;
export const THUMBNAIL_BLUR_PX = 8;

export function protectionFilter(protection: Protection, blurPx: number): string {
  const parts: string[] = [];
  if (protection.blur) parts.push(`blur(${blurPx}px)`);
  if (protection.greyscale) parts.push('grayscale(1)');
  return parts.join(' ');
}

export function imageFilter(protection: Protection | null, aids: Aids, blurPx = VIEWER_BLUR_PX): string {
  const parts: string[] = [];
  if (aids.brightness !== 100) parts.push(`brightness(${aids.brightness}%)`);
  if (aids.contrast !== 100) parts.push(`contrast(${aids.contrast}%)`);
  if (aids.greyscale) parts.push('grayscale(1)');
  if (aids.invert) parts.push('invert(1)');
  if (protection) parts.push(protectionFilter(protection, blurPx));
  return parts.filter(Boolean).join(' ') || 'none';
}
