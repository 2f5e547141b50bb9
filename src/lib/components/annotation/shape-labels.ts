/**
 * Each shape's number and colour, shared by the image and the list so a shape and its entry match
 * without a click. The number is the entry's place in the layer (its creation order, filters
 * aside), so it carries the identity; the colour groups by lesion type or by author, a choice.
 */
import type { AnnotationRecord } from '$lib/model/document-schema';
import { LESION_TYPES } from '$lib/model/injury';

export type ColourBy = 'lesion' | 'author';
export const COLOUR_BY: readonly ColourBy[] = ['lesion', 'author'];

/**
 * Okabe–Ito's colour-blind-safe set, then lighter tones of other hues: all readable on the dark
 * viewer and distinct from the white of a selected shape. Beyond these the colours repeat; the
 * numbers still tell shapes apart.
 */
export const SHAPE_PALETTE = [
  '#e69f00',
  '#56b4e9',
  '#009e73',
  '#f0e442',
  '#0072b2',
  '#d55e00',
  '#cc79a7',
  '#9cdb5a',
  '#b08cff',
  '#ff8c94',
  '#4dd6c9',
  '#c4a484',
  '#8fa8ff',
  '#ffb26b'
] as const;

/** A finding not classified yet: neutral grey. */
export const UNCLASSIFIED = '#c9d0d6';

export type ShapeLabel = { n: number; colour: string };

export function shapeLabels(items: readonly AnnotationRecord[], by: ColourBy): Map<string, ShapeLabel> {
  const authors: string[] = [];
  const labels = new Map<string, ShapeLabel>();
  for (const [index, a] of items.entries()) {
    let colour: string = UNCLASSIFIED;
    if (by === 'lesion') {
      const at = LESION_TYPES.indexOf(a.finding.lesionType as (typeof LESION_TYPES)[number]);
      if (at >= 0) colour = SHAPE_PALETTE[at % SHAPE_PALETTE.length]!;
    } else if (a.createdBy) {
      // Authors in the order they first drew, so a colour does not move when someone new draws.
      if (!authors.includes(a.createdBy)) authors.push(a.createdBy);
      colour = SHAPE_PALETTE[authors.indexOf(a.createdBy) % SHAPE_PALETTE.length]!;
    }
    labels.set(a.id, { n: index + 1, colour });
  }
  return labels;
}

/** Black or white, whichever reads better on `colour` (a #rrggbb), for the number on it. */
export function inkOn(colour: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16) / 255);
  const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const luminance = 0.2126 * linear(r!) + 0.7152 * linear(g!) + 0.0722 * linear(b!);
  // Contrast with black (L + 0.05) / 0.05 against white 1.05 / (L + 0.05): equal near L = 0.179.
  return luminance > 0.179 ? '#111111' : '#ffffff';
}
