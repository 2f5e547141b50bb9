/**
 * The shared layer of an item as a IIIF Presentation 3.0 AnnotationPage: the W3C page of
 * `annotations/page.ts` (the one owner of the W3C mapping), each target pointed at the item's Canvas.
 */
import type * as Y from 'yjs';
import type { Db } from '../db/connect.ts';
import type { ItemRow } from '../db/schema.ts';
import { annotationPage } from '../annotations/page.ts';
import { parseSelector, type Region } from '../../model/selector.ts';
import type { W3CAnnotation } from '../../model/w3c.ts';
import { iiifUrls } from './urls.ts';

const MEDIA_FRAGS = 'http://www.w3.org/TR/media-frags/';

/**
 * A region in the canvas's coordinates (the canvas is the image's size): a box as `xywh=x,y,w,h`
 * (the IIIF form, without the `pixel:` unit), a polygon as an SVG path, the form viewers draw
 * (Mirador draws only `<path d>`).
 */
export function canvasSelector(region: Region) {
  if (region.kind === 'rect')
    return {
      type: 'FragmentSelector',
      conformsTo: MEDIA_FRAGS,
      value: `xywh=${region.x},${region.y},${region.w},${region.h}`
    };
  const d = `M${region.points.map(([x, y]) => `${x},${y}`).join(' L')} Z`;
  return { type: 'SvgSelector', value: `<svg xmlns="http://www.w3.org/2000/svg"><path d="${d}"/></svg>` };
}

function onCanvas(annotation: W3CAnnotation, canvas: string, manifest: string) {
  const parsed = parseSelector(annotation.target.selector);
  const { source, selector, ...rest } = annotation.target;
  return {
    ...annotation,
    // Viewers list only commenting and tagging annotations unless told otherwise (Mirador's
    // `filteredMotivations`); a finding describes the region and comments on it.
    motivation: ['describing', 'commenting'],
    target: {
      type: 'SpecificResource',
      source: { id: canvas, type: 'Canvas', partOf: [{ id: manifest, type: 'Manifest' }] },
      selector: parsed.ok ? canvasSelector(parsed.region) : selector,
      'athar:image': source,
      ...rest
    }
  };
}

/** The IIIF AnnotationPage of the shared layer in `doc`. */
export async function iiifAnnotationPage(db: Db, origin: string, item: ItemRow, doc: Y.Doc) {
  const urls = iiifUrls(origin);
  const page = await annotationPage(db, origin, item, { doc });
  return {
    '@context': ['http://iiif.io/api/presentation/3/context.json', ...page['@context']],
    id: urls.annotations(item.id),
    type: 'AnnotationPage',
    items: page.items.map((a) => onCanvas(a, urls.canvas(item.id), urls.itemManifest(item.id)))
  };
}
